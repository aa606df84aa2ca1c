using MailKit.Net.Smtp;
using MailKit.Security;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

public sealed class StartTlsStripperTests
{
    private const string Sender = "app@strictmail.test";
    private const string Alice = "alice@partner.test";

    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public async Task StripOffer_MailKitStartTls_ThrowsNotSupported()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => ConnectAsync(mitm, SecureSocketOptions.StartTls));

        Assert.Equal("The SMTP server does not support the STARTTLS extension.", error.Message);
        Assert.Equal(1, mitm.OffersStripped);
        Assert.Equal(0, mx.StartTlsCommandCount);
    }

    [Fact]
    public async Task StripOffer_MailKitStartTlsWhenAvailable_FallsBackToPlaintext()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer);

        using (var client = await ConnectAsync(mitm, SecureSocketOptions.StartTlsWhenAvailable))
        {
            Assert.False(client.IsSecure);
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining | SmtpCapabilities.EnhancedStatusCodes));
            await client.SendAsync(MailKitClients.Message(Sender, Alice));
            await client.DisconnectAsync(quit: true);
        }

        var message = Assert.Single(await mx.WaitForMessagesAsync(1));
        Assert.False(message.IsTls);
        Assert.Contains("\r\n.A line that starts with a dot\r\n", System.Text.Encoding.ASCII.GetString(message.Data), StringComparison.Ordinal);
        Assert.Empty(mitm.Faults);
    }

    [Fact]
    public async Task StripOffer_StartTlsSentAnyway_Answered502NotForwarded()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer);
        await using var raw = await RawSmtpClient.ConnectAsync(mitm.EndPoint);
        await raw.ReadReplyAsync();

        var ehlo = await raw.CommandAsync("EHLO relay.strictmail.test");
        var startTls = await raw.CommandAsync("STARTTLS");
        var noop = await raw.CommandAsync("NOOP");

        Assert.DoesNotContain(ehlo, line => line.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("250 ", ehlo[^1], StringComparison.Ordinal);
        Assert.All(ehlo.Take(ehlo.Count - 1), line => Assert.StartsWith("250-", line, StringComparison.Ordinal));
        Assert.Equal(["502 5.5.1 not implemented"], startTls);
        Assert.Equal(["250 2.0.0 OK"], noop);
        Assert.Equal(1, mitm.StartTlsAnswered);
        Assert.Equal(0, mx.StartTlsCommandCount);
    }

    [Fact]
    public async Task Reject454_MailKitStartTls_ThrowsSmtpCommandException()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.Reject454);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => ConnectAsync(mitm, SecureSocketOptions.StartTls));

        Assert.Equal(454, (int)error.StatusCode);
        Assert.Equal(1, mitm.StartTlsAnswered);
        Assert.Equal(0, mitm.OffersStripped);
        Assert.Equal(0, mx.StartTlsCommandCount);
    }

    [Fact]
    public async Task PassThrough_MailKitStartTls_DeliversOverTlsToUpstream()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var proxy = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.PassThrough);

        using (var client = await ConnectAsync(proxy, SecureSocketOptions.StartTls))
        {
            await client.SendAsync(MailKitClients.Message(Sender, Alice));
            await client.DisconnectAsync(quit: true);
        }

        Assert.True(Assert.Single(await mx.WaitForMessagesAsync(1)).IsTls);
        Assert.Equal(1, proxy.ConnectionCount);
    }

    [Fact]
    public async Task StripOffer_TwoMessagesPipelined_BothForwardedOnOneUpstreamConnection()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer);

        using (var client = await ConnectAsync(mitm, SecureSocketOptions.None))
        {
            await client.SendAsync(MailKitClients.Message(Sender, Alice, "bob@partner.test"));
            await client.SendAsync(MailKitClients.Message(Sender, "carol@partner.test"));
            await client.DisconnectAsync(quit: true);
        }

        var messages = await mx.WaitForMessagesAsync(2);
        Assert.Equal(1, mx.ConnectionCount);
        Assert.Equal(["alice@partner.test", "bob@partner.test"], messages[0].Recipients);
    }

    [Fact]
    public async Task StripOffer_BodyLineSaysStartTls_ForwardedUnchanged()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        await using var mitm = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer);
        var message = MailKitClients.Message(Sender, Alice);
        message.Body = new MimeKit.TextPart("plain") { Text = "STARTTLS\r\nDATA\r\nQUIT\r\n" };

        using (var client = await ConnectAsync(mitm, SecureSocketOptions.None))
        {
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        var data = System.Text.Encoding.ASCII.GetString(Assert.Single(await mx.WaitForMessagesAsync(1)).Data);
        Assert.Contains("\r\n\r\nSTARTTLS\r\nDATA\r\nQUIT\r\n", data, StringComparison.Ordinal);
        Assert.Equal(0, mitm.StartTlsAnswered);
    }

    private static Task<SmtpClient> ConnectAsync(StartTlsStripper mitm, SecureSocketOptions security) =>
        MailKitClients.ConnectAsync(mitm.EndPoint, TestPki.PartnerMx, security, new CustomRootValidator(Pki.Ca.Certificate).Callback);
}
