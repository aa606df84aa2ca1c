using System.Net;
using MailKit.Security;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>The relay process is no open relay: a client outside Relay:Inbound:ClientNetworks cannot send anywhere.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class OpenRelayTests
{
    [Fact]
    public async Task Rcpt_ClientOutsideClientNetworks_Gets554AndNothingReachesSink()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions
        {
            DnsServer = dns.EndPoint,
            DeliveryPort = sink.EndPoint.Port,
            ListenAddress = IPAddress.Loopback,
            ExtraArguments = ["--Relay:Inbound:ClientNetworks:0=127.0.0.1/32"],
        });

        var (outsider, greeting) = await BoundSmtpDialog.ConnectAsync(relay.SmtpEndPoint, IPAddress.Parse("127.0.0.2"));
        IReadOnlyList<string> rcpt, data;
        await using (outsider)
        {
            await outsider.CommandAsync("EHLO outsider.test");
            await outsider.CommandAsync("MAIL FROM:<app@internal.test>");
            rcpt = await outsider.CommandAsync("RCPT TO:<user@sink.test>");
            data = await outsider.CommandAsync("DATA");
            await outsider.CommandAsync("QUIT");
        }

        // Control: the same envelope from 127.0.0.1 is relayed, so the refusal was about the client's address and the path works.
        var control = MailKitClients.Message("app@internal.test", "user@sink.test");
        control.MessageId = "control@e2e";
        using (var insider = await MailKitClients.ConnectAsync(relay.SmtpEndPoint, "relay.strictmail.test", SecureSocketOptions.None))
        {
            await insider.SendAsync(control);
            await insider.DisconnectAsync(quit: true);
        }

        await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        Assert.StartsWith("220 ", greeting[0], StringComparison.Ordinal);
        Assert.Equal(["554 5.7.1 Relay access denied"], rcpt);
        Assert.StartsWith("554 ", Assert.Single(data), StringComparison.Ordinal);
        var delivered = Assert.Single(sink.Messages);
        Assert.Equal(1, sink.TransactionCount);
        Assert.Contains("Message-Id: <control@e2e>", System.Text.Encoding.ASCII.GetString(delivered.Data), StringComparison.Ordinal);
        Assert.Contains(relay.Output.Lines, line => line.Contains("[3009]", StringComparison.Ordinal) && line.Contains("client 127.0.0.2 ", StringComparison.Ordinal));
    }
}
