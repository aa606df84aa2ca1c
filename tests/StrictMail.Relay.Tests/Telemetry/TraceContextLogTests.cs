using System.Text.RegularExpressions;
using MailKit.Security;
using MimeKit;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Telemetry;

/// <summary>The relay process's own log lines carry the W3C trace context of the span they were written in.</summary>
[Collection(RelayHostGroup.Name)]
public sealed partial class TraceContextLogTests
{
    [Fact]
    public async Task Logs_MessageQueuedAndDelivered_LinesCarryW3CTraceAndSpanIds()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });
        using (var client = await MailKitClients.ConnectAsync(relay.SmtpEndPoint, "relay.strictmail.test", SecureSocketOptions.None))
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("app@internal.test"));
            message.To.Add(MailboxAddress.Parse("user@sink.test"));
            message.Subject = "traced";
            message.Body = new TextPart("plain") { Text = "secret body text" };
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        await sink.WaitForMessagesAsync(1);
        await Eventually.WaitAsync(() => Task.FromResult(relay.Output.Lines.Any(l => l.Contains("status=Delivered", StringComparison.Ordinal))), relay.Describe("the delivery is logged"));

        var queued = relay.Output.Lines.Single(l => l.Contains(" queued ", StringComparison.Ordinal) && l.Contains("nrcpt=", StringComparison.Ordinal));
        var delivered = relay.Output.Lines.First(l => l.Contains("status=Delivered", StringComparison.Ordinal));
        Assert.Matches(TraceContext(), queued);
        Assert.Matches(TraceContext(), delivered);
        Assert.NotEqual(TraceContext().Match(queued).Groups["trace"].Value, TraceContext().Match(delivered).Groups["trace"].Value);
        Assert.DoesNotContain(relay.Output.Lines, l => l.Contains("secret body text", StringComparison.Ordinal));
    }

    [GeneratedRegex("SpanId:(?<span>[0-9a-f]{16}), TraceId:(?<trace>[0-9a-f]{32})")]
    private static partial Regex TraceContext();
}
