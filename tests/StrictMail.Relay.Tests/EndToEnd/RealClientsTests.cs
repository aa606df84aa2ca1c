using System.Text;
using MailKit.Security;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>Mail from real SMTP clients (swaks, a sending Postfix) through the relay process to the sink.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class RealClientsTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Swaks_ThroughRelayProcess_ArrivesAtSinkUnchanged()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = SinkDns(sink);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });

        var (exitCode, text) = await PostfixCommand.RunAsync(
            PostfixCommand.Locate("swaks"),
            "--server", relay.SmtpEndPoint.ToString(), "--from", "app@internal.test", "--to", "user@sink.test",
            "--h-Subject", "swaks through StrictMail", "--header", "Message-Id: <swaks-1@e2e>", "--body", "Hello from swaks.\n.leading dot\nBye.");

        Assert.True(exitCode == 0, relay.Describe($"swaks failed (exit {exitCode}):\n{text}"));
        var message = (await WaitForOneAsync(sink, relay)).Single();
        var data = Encoding.ASCII.GetString(message.Data);
        Assert.Equal("<app@internal.test>", $"<{message.MailFrom}>");
        Assert.Equal(["user@sink.test"], message.Recipients);
        Assert.StartsWith("Received: ", data, StringComparison.Ordinal);
        Assert.Contains("\r\nSubject: swaks through StrictMail\r\n", data, StringComparison.Ordinal);
        Assert.Contains("\r\nMessage-Id: <swaks-1@e2e>\r\n", data, StringComparison.Ordinal);
        // swaks ends the body with two empty lines of its own (see swaks --dump-mail).
        Assert.EndsWith("\r\n\r\nHello from swaks.\r\n.leading dot\r\nBye.\r\n\r\n\r\n", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostfixRelayhost_ThroughRelayProcess_ArrivesAtSinkWithBothHops()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = SinkDns(sink);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });
        await using var postfix = await PostfixSendingClient.StartAsync(Loopback.NextAddress(), relay.SmtpEndPoint);
        var sent = MailKitClients.Message("app@internal.test", "user@sink.test");
        sent.MessageId = "postfix-1@e2e";

        using (var client = await MailKitClients.ConnectAsync(postfix.EndPoint, PostfixSendingClient.HostName, SecureSocketOptions.None))
        {
            await client.SendAsync(sent);
            await client.DisconnectAsync(quit: true);
        }

        var message = (await WaitForOneAsync(sink, relay, postfix.TailLog())).Single();
        var data = Encoding.ASCII.GetString(message.Data);
        var received = data.Split("\r\n").Where(line => line.StartsWith("Received: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["user@sink.test"], message.Recipients);
        Assert.Contains("\r\nMessage-Id: <postfix-1@e2e>\r\n", data, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nHello.\r\n.A line that starts with a dot\r\nBye.\r\n", data, StringComparison.Ordinal);
        // Newest hop first: our relay took it from the Postfix instance, which took it from MailKit.
        Assert.Equal(2, received.Count);
        Assert.StartsWith($"Received: from {PostfixSendingClient.HostName} ", received[0], StringComparison.Ordinal);
        Assert.StartsWith("Received: from relay.strictmail.test ", received[1], StringComparison.Ordinal);
        Assert.Contains($"\tby {PostfixSendingClient.HostName} (Postfix) with ESMTP id ", data, StringComparison.Ordinal);
    }

    private static TestDnsServer SinkDns(FakeMxServer sink)
    {
        var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        return dns;
    }

    private static async Task<IReadOnlyList<ReceivedMessage>> WaitForOneAsync(FakeMxServer sink, RelayProcess relay, string more = "")
    {
        try
        {
            await sink.WaitForMessagesAsync(1, ArrivalTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail(relay.Describe($"Nothing reached the sink within {ArrivalTimeout}.\n{more}"));
        }

        // A second copy would show up only after a wrong retry; a short look is enough to catch the common case.
        await Task.Delay(300);
        return sink.Messages;
    }
}
