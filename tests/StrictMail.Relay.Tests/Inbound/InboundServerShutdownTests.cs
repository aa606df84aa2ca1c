using System.Diagnostics;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Inbound;

[Collection(RelayHostGroup.Name)]
public sealed class InboundServerShutdownTests
{
    [Fact]
    public async Task Stop_SessionWaitingForCommand_Gets421ShuttingDown()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        await client.CommandAsync("EHLO app.test");
        var clock = Stopwatch.StartNew();

        await harness.StopAsync(TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {clock.Elapsed}");
        Assert.Equal(["421 4.3.2 mx.partner.test Service shutting down", "<closed>"], await client.ReadRepliesAsync(2));
    }

    [Fact]
    public async Task Stop_DuringData_MessageFinishesThen421()
    {
        await using var harness = await InboundHarness.StartAsync();
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        await client.SendRawAsync("Subject: in flight\r\n\r\nfirst half\r\n");

        var stopping = harness.StopAsync(TimeSpan.FromSeconds(5));
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await (await WireClient.ConnectAsync(harness.EndPoint)).Client.DisposeAsync();
                    return false;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return true;
                }
            },
            "the listener is closed");
        await client.SendRawAsync("second half\r\n.\r\n");

        var replies = await client.ReadRepliesAsync(3);
        await stopping;
        Assert.StartsWith("250 2.0.0 Ok: queued as ", replies[0], StringComparison.Ordinal);
        Assert.Equal(["421 4.3.2 mx.partner.test Service shutting down", "<closed>"], replies.Skip(1));
        Assert.EndsWith("first half\r\nsecond half\r\n", Assert.Single(harness.Queue.Committed).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_DataStalledPastShutdownTimeout_AbortsWithoutAcceptingIt()
    {
        await using var harness = await InboundHarness.StartAsync();
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        await client.SendRawAsync("Subject: stalled\r\n\r\nnever finished\r\n");

        await harness.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(["<closed>"], await client.ReadRepliesAsync(1));
        Assert.Empty(harness.Queue.Committed);
        await Eventually.WaitAsync(() => Task.FromResult(harness.Queue.Discarded.Count == 1), "the unfinished message is discarded");
    }
}
