using System.Diagnostics;
using System.Net;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

/// <summary>Slow clients (one byte at a time, a stalled handshake, a crawling message) and clients holding many sessions.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class InboundServerDeadlineTests
{
    private const string Refusals = "strictmail.relay.inbound.refusals";

    [Fact]
    public async Task CommandLine_OneByteAtATime_Gets421WhenTheCommandTimeoutPasses()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["CommandTimeout"] = "00:00:00.500" });
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var __ = client;
        var clock = Stopwatch.StartNew();

        var reply = await TrickleUntilClosedAsync(client, "EHLO slow.example.test and more and more and more");

        Assert.Equal("421 4.4.2 mx.partner.test Error: command line not complete in time", reply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cut off after {clock.Elapsed}; the idle timeout is 10 s");
        Assert.True(await client.IsClosedAsync());
        Assert.Equal("command_timeout", Assert.Single(harness.Recorder.Of(Refusals)).Tags["reason"]);
    }

    [Fact]
    public async Task CommandLine_WholeLineAfterAnIdlePause_IsAnswered()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["CommandTimeout"] = "00:00:00.300" });
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var __ = client;

        await Task.Delay(600);

        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Data_CrawlingMessage_Gets421AndNothingQueued()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string>
        {
            ["DataTimeout"] = "00:00:00.500",
            ["MinDataRate"] = "1000000",
        });
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        var clock = Stopwatch.StartNew();

        var reply = await TrickleUntilClosedAsync(client, "Subject: slow\r\n\r\n" + new string('x', 200) + "\r\n.\r\n");

        Assert.Equal("421 4.4.2 mx.partner.test Error: message not received in time; nothing was queued", reply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cut off after {clock.Elapsed}; the idle timeout is 10 s");
        Assert.Empty(harness.Queue.Committed);
        Assert.Single(harness.Queue.Discarded);
        Assert.Equal("data_timeout", Assert.Single(harness.Recorder.Of(Refusals)).Tags["reason"]);
    }

    [Fact]
    public async Task Data_LargeMessageAtTheMinimumRate_EarnsTimeForItsSize()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string>
        {
            ["DataTimeout"] = "00:00:00.300",
            ["MinDataRate"] = "20000",
        });
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        await client.SendRawAsync("Subject: steady\r\n\r\n");

        // 200 KB over a second or more: past the 0.3 s baseline; each 20 KB earns a second at 20 KB/s, far more than it takes to send.
        var line = new string('y', 998) + "\r\n";
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.SendRawAsync(string.Concat(Enumerable.Repeat(line, 20)));
            }
            catch (IOException)
            {
                Assert.Fail($"cut off after {clock.Elapsed} and {i} chunks: {string.Join(" / ", await client.ReadReplyAsync())}");
            }

            await Task.Delay(100);
        }

        Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("."), StringComparison.Ordinal);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(0.6), $"sent in {clock.Elapsed}: not past the baseline, so this proves nothing");
        Assert.Single(harness.Queue.Committed);
    }

    [Fact]
    public async Task StartTls_HandshakeNeverSent_ClosedAtTheHandshakeTimeout()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string> { ["TlsHandshakeTimeout"] = "00:00:00.500" });
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var __ = client;
        await client.CommandAsync("EHLO app.test");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        var clock = Stopwatch.StartNew();

        await client.SendRawAsync([0x16]);

        Assert.True(await client.IsClosedAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"closed after {clock.Elapsed}; the idle timeout is 10 s");
        Assert.Equal("tls_handshake_timeout", Assert.Single(harness.Recorder.Of(Refusals)).Tags["reason"]);
    }

    [Fact]
    public async Task Connect_MoreThanMaxConnectionsPerClient_RefusedForThatAddressOnly()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxConnectionsPerClient"] = "3" });
        var hog = Loopback.NextAddress();
        var held = new List<WireClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var (client, greeting) = await WireClient.ConnectAsync(harness.EndPoint, hog);
                held.Add(client);
                Assert.StartsWith("220 ", greeting, StringComparison.Ordinal);
            }

            var (refused, refusal) = await WireClient.ConnectAsync(harness.EndPoint, hog);
            held.Add(refused);
            var (other, welcome) = await WireClient.ConnectAsync(harness.EndPoint, Loopback.NextAddress());
            held.Add(other);

            Assert.Equal("421 4.7.0 mx.partner.test Error: too many connections from your address", refusal);
            Assert.StartsWith("220 ", welcome, StringComparison.Ordinal);
            Assert.Equal("client_connection_limit", Assert.Single(harness.Recorder.Of(Refusals)).Tags["reason"]);
            await held[0].CommandAsync("QUIT");
            await Eventually.WaitAsync(() => GreetedAsync(harness.EndPoint, hog), "a slot frees when one of the address's sessions ends");
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Noop_MoreThanMaxJunkCommandsWithEhloAmongThem_Gets421()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxJunkCommands"] = "3" });
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var __ = client;

        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        Assert.StartsWith("250 ", await client.CommandAsync("EHLO again.test"), StringComparison.Ordinal);
        Assert.Equal("421 4.7.0 mx.partner.test Error: too many commands without mail", await client.CommandAsync("NOOP"));
        Assert.True(await client.IsClosedAsync());
    }

    // Sends one byte every 100 ms until the server answers; returns that answer.
    private static async Task<string> TrickleUntilClosedAsync(WireClient client, string text)
    {
        var reading = client.ReadReplyAsync();
        foreach (var c in text)
        {
            try
            {
                await client.SendRawAsync([(byte)c]);
            }
            catch (IOException)
            {
                break;
            }

            if (await Task.WhenAny(reading, Task.Delay(100)) == reading)
            {
                break;
            }
        }

        var reply = await reading;
        return reply.Count == 0 ? "<closed>" : reply[^1];
    }

    private static async Task<bool> GreetedAsync(IPEndPoint server, IPAddress from)
    {
        var (client, greeting) = await WireClient.ConnectAsync(server, from);
        await using var _ = client;
        return greeting.StartsWith("220 ", StringComparison.Ordinal);
    }
}
