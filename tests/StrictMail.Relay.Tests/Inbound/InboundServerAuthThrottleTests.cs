using System.Diagnostics;
using System.Text;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

[Collection(RelayHostGroup.Name)]
public sealed class InboundServerAuthThrottleTests
{
    private const string Refusals = "strictmail.relay.inbound.refusals";

    // About a second of PBKDF2 here: long enough that a second attempt finds the only check slot taken.
    private const int SlowIterations = 3_000_000;

    [Fact]
    public async Task Auth_RepeatedFailuresFromOneAddress_WaitLongerBeforeEach535()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string>
        {
            ["AuthFailureDelay"] = "00:00:00.200",
            ["AuthFailureMaxDelay"] = "00:00:00.400",
        });
        var from = Loopback.NextAddress();
        var client = await InboundServerRelayTests.TlsSessionAsync(harness, from);
        await using var _ = client;

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN " + InboundServerRelayTests.Plain(InboundHarness.User, "wrong")));
            waits.Add(clock.Elapsed);
        }

        Assert.True(waits[0] >= TimeSpan.FromMilliseconds(190), $"first 535 after {waits[0]}");
        Assert.True(waits[1] >= TimeSpan.FromMilliseconds(390), $"second 535 after {waits[1]}");
        Assert.True(waits[2] >= TimeSpan.FromMilliseconds(390), $"third 535 after {waits[2]}");
        Assert.Equal(3, harness.Recorder.Of(Refusals).Count(m => (string?)m.Tags["reason"] == "auth_failed"));
    }

    [Fact]
    public async Task Auth_UnknownUser_WaitsAsLongAsAKnownUserWithAWrongPassword()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string> { ["AuthFailureDelay"] = "00:00:00.300" });
        var known = await InboundServerRelayTests.TlsSessionAsync(harness, Loopback.NextAddress());
        await using var _ = known;
        var unknown = await InboundServerRelayTests.TlsSessionAsync(harness, Loopback.NextAddress());
        await using var __ = unknown;

        var knownWait = await TimedAsync(known, InboundServerRelayTests.Plain(InboundHarness.User, "wrong"));
        var unknownWait = await TimedAsync(unknown, InboundServerRelayTests.Plain("nobody@internal.test", "wrong"));

        Assert.True(knownWait >= TimeSpan.FromMilliseconds(290), $"known user: 535 after {knownWait}");
        Assert.True(unknownWait >= TimeSpan.FromMilliseconds(290), $"unknown user: 535 after {unknownWait}");
    }

    [Fact]
    public async Task Auth_SuccessBetweenGuesses_DoesNotResetTheDelay()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string> { ["AuthFailureDelay"] = "00:00:00.300" });
        var from = Loopback.NextAddress();
        var first = await InboundServerRelayTests.TlsSessionAsync(harness, from);
        await using var _ = first;
        await first.CommandAsync("AUTH PLAIN " + InboundServerRelayTests.Plain(InboundHarness.User, "wrong"));
        Assert.Equal("235 2.7.0 Authentication successful", await first.CommandAsync("AUTH PLAIN " + InboundServerRelayTests.Plain(InboundHarness.User, InboundHarness.Password)));
        var second = await InboundServerRelayTests.TlsSessionAsync(harness, from);
        await using var __ = second;

        var wait = await TimedAsync(second, InboundServerRelayTests.Plain("nobody@internal.test", "guess"));

        Assert.True(wait >= TimeSpan.FromMilliseconds(590), $"535 after {wait}: the success must not have reset the count");
    }

    [Fact]
    public async Task Auth_MoreAttemptsThanCheckSlots_Get454WithoutHashing()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string>
        {
            ["MaxConcurrentAuth"] = "1",
            ["AuthQueueTimeout"] = "00:00:00.100",
        });
        // A hash that takes long enough that the second attempt finds the only slot taken.
        File.WriteAllText(harness.UsersFile, InboundHarness.User + ":" + PasswordHasher.Hash(Encoding.UTF8.GetBytes(InboundHarness.Password), SlowIterations) + "\n");
        var slow = await InboundServerRelayTests.TlsSessionAsync(harness, Loopback.NextAddress());
        await using var _ = slow;
        var refused = await InboundServerRelayTests.TlsSessionAsync(harness, Loopback.NextAddress());
        await using var __ = refused;

        // Both at once: whichever takes the only slot hashes for about a second, so the other waits out the
        // 100 ms queue timeout and is refused. Which one wins depends on scheduling; the answers do not.
        var plain = "AUTH PLAIN " + InboundServerRelayTests.Plain(InboundHarness.User, InboundHarness.Password) + "\r\n";
        await Task.WhenAll(slow.SendRawAsync(plain), refused.SendRawAsync(plain));
        var replies = await Task.WhenAll(slow.ReadReplyAsync(), refused.ReadReplyAsync());
        var answers = replies.Select(r => r[^1]).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal("235 2.7.0 Authentication successful", answers[0]);
        Assert.Equal("454 4.7.0 Temporary authentication failure: too many logins at once, try again later", answers[1]);
        Assert.Equal(1, harness.Recorder.Of(Refusals).Count(m => (string?)m.Tags["reason"] == "auth_busy"));
    }

    private static async Task<TimeSpan> TimedAsync(WireClient client, string plain)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN " + plain));
        return clock.Elapsed;
    }
}
