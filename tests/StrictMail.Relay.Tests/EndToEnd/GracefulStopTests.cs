using MailKit.Security;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>SIGTERM (a Kubernetes pod stop) with mail still queued: the relay exits cleanly and the next start delivers it.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class GracefulStopTests
{
    private const int Count = 5;

    [Fact]
    public async Task StopAsync_WithMailTheSinkDefers_ExitsZeroAndRestartDeliversEachOnce()
    {
        var refusing = new FakeMxOptions
        {
            HostName = "mx.sink.test",
            OfferStartTls = false,
            RecipientReplies = new Dictionary<string, string> { ["user@sink.test"] = "451 4.3.0 Try again later" },
        };
        await using var sink = new FakeMxServer(refusing);
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });
        var sent = new Dictionary<int, byte[]>();
        using (var client = await MailKitClients.ConnectAsync(relay.SmtpEndPoint, "relay.strictmail.test", SecureSocketOptions.None))
        {
            for (var number = 1; number <= Count; number++)
            {
                var (message, bytes) = NumberedMessage.Create(number, "app@internal.test", "user@sink.test");
                await client.SendAsync(message);
                sent[number] = bytes;
            }
        }

        await Eventually.WaitAsync(() => sink.TransactionCount >= Count, "the relay tried every message once", TimeSpan.FromSeconds(10));
        var exitCode = await relay.StopAsync();
        var queuedAtStop = relay.QueuedMessages().Count;
        sink.Options = refusing with { RecipientReplies = new Dictionary<string, string>() };
        await relay.RestartAsync();
        await sink.WaitForMessagesAsync(Count, TimeSpan.FromSeconds(15));
        await Eventually.WaitAsync(async () => (await relay.QueueCountsAsync()).Values.All(v => v == 0), "the queue is empty", TimeSpan.FromSeconds(5));

        Assert.Equal(0, exitCode);
        Assert.Equal(Count, queuedAtStop);
        var inventory = SinkInventory.Take(sink.Messages);
        Assert.Equal(Enumerable.Range(1, Count), inventory.Numbered.Keys.Order());
        Assert.All(inventory.Numbered, e => Assert.True(e.Value.Count == 1 && SinkInventory.IsIntact(e.Value[0], sent[e.Key]), $"message {e.Key}: {e.Value.Count} copies"));
    }

    [Fact]
    public async Task StopAsync_DeliveryInFlight_FinishesItBeforeExitingAndNothingIsSentTwice()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false, DataReplyDelay = TimeSpan.FromSeconds(2) });
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });
        var (message, bytes) = NumberedMessage.Create(1, "app@internal.test", "user@sink.test");
        using (var client = await MailKitClients.ConnectAsync(relay.SmtpEndPoint, "relay.strictmail.test", SecureSocketOptions.None))
        {
            await client.SendAsync(message);
        }

        await Eventually.WaitAsync(() => sink.TransactionCount >= 1, "the relay is delivering", TimeSpan.FromSeconds(10));
        var exitCode = await relay.StopAsync();
        var leftAtStop = relay.QueuedMessages().Count;
        var deliveredAtStop = sink.Messages.Count;
        await relay.RestartAsync();
        await Task.Delay(1500);

        Assert.Equal(0, exitCode);
        Assert.True(deliveredAtStop == 1, relay.Describe($"the delivery in flight was cut off: {deliveredAtStop} delivered at stop"));
        Assert.Equal(0, leftAtStop);
        var inventory = SinkInventory.Take(sink.Messages);
        var copies = Assert.Single(inventory.Numbered).Value;
        Assert.True(copies.Count == 1 && SinkInventory.IsIntact(copies[0], bytes), $"{copies.Count} copies");
        Assert.Contains(relay.Output.Lines, l => l.Contains("deliveries in flight finish", StringComparison.Ordinal));
    }
}
