using System.Text;
using MimeKit;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// A 2,000-character line, as applications send HTML: swaks hands it to the relay process, which accepts it (as Postfix
/// does) and delivers it with no line over 998 characters (the part re-encoded as quoted-printable), to a sink and to a
/// real Postfix MX.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class LongLineTests
{
    private static readonly string Line = string.Concat(Enumerable.Range(0, 200).Select(i => $"<td>{i:D4}</td>"))[..2_000];

    [Fact]
    public async Task Swaks_TwoThousandCharacterLine_AcceptedAndDeliveredWithNoLineOver998()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions { DnsServer = dns.EndPoint, DeliveryPort = sink.EndPoint.Port });

        var (exitCode, text) = await PostfixCommand.RunAsync(
            PostfixCommand.Locate("swaks"),
            "--server", relay.SmtpEndPoint.ToString(), "--from", "app@internal.test", "--to", "user@sink.test",
            "--header", "Message-Id: <long-1@e2e>", "--body", Line);

        Assert.True(exitCode == 0, relay.Describe($"swaks failed (exit {exitCode}):\n{text}"));
        var message = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(15)));
        Assert.All(Encoding.ASCII.GetString(message.Data).Split("\r\n"), l => Assert.InRange(l.Length, 0, 998));
        var parsed = MimeMessage.Load(new MemoryStream(message.Data));
        Assert.Equal(ContentEncoding.QuotedPrintable, Assert.IsType<TextPart>(parsed.Body).ContentTransferEncoding);
        Assert.Contains(Line, parsed.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_TwoThousandCharacterLineToPostfixMx_PostfixAcceptsIt()
    {
        await using var postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain]);
        using var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, postfix.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(postfix.EndPoint.Port, dns.EndPoint);
        var body = $"From: app@internal.test\r\nTo: alice@{TestPki.PartnerDomain}\r\nSubject: long\r\nMessage-ID: <long-2@internal.test>\r\n\r\n{Line}\r\n";
        var request = new DeliveryRequest("app@internal.test", [$"alice@{TestPki.PartnerDomain}"], TestPki.PartnerDomain, Encoding.ASCII.GetBytes(body));

        var outcome = await harness.Engine.DeliverAsync(request, DeliveryScenario.Policy(TlsLevel.Secure), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal("long-2@internal.test", Assert.Single(await postfix.WaitForMessagesAsync(1)).MessageId);
    }
}
