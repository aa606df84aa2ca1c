using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

public sealed class FakeMxServerTests
{
    private const string Sender = "app@strictmail.test";
    private const string Alice = "alice@partner.test";

    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public async Task Send_StartTlsToGoodCertificate_RecordsTlsProtocolAndSni()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        var validator = new CustomRootValidator(Pki.Ca.Certificate);

        using (var client = await MailKitClients.ConnectAsync(mx.EndPoint, TestPki.PartnerMx, SecureSocketOptions.StartTls, validator.Callback))
        {
            await client.SendAsync(MailKitClients.Message(Sender, Alice));
            await client.DisconnectAsync(quit: true);
        }

        var message = Assert.Single(await mx.WaitForMessagesAsync(1));
        Assert.True(message.IsTls);
        Assert.Contains(message.Tls!.Protocol, new[] { SslProtocols.Tls12, SslProtocols.Tls13 });
        Assert.Equal(TestPki.PartnerMx, message.Tls.SniHostName);
        Assert.Equal(Sender, message.MailFrom);
        Assert.Equal([Alice], message.Recipients);
        Assert.Equal("relay.strictmail.test", message.HeloName);
        Assert.True(Assert.Single(validator.Verdicts).Accepted);
        Assert.Empty(mx.Faults);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Send_ServerAllowsOneProtocol_NegotiatesIt(SslProtocols protocol)
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good, TlsProtocols = protocol });

        await SendOneAsync(mx.EndPoint, SecureSocketOptions.StartTls);

        var message = Assert.Single(await mx.WaitForMessagesAsync(1));
        Assert.Equal(protocol, message.Tls!.Protocol);
        Assert.NotEqual(default, message.Tls.CipherSuite);
    }

    [Fact]
    public async Task Send_DotStuffedBody_RecordsUnstuffedData()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false });

        await SendOneAsync(mx.EndPoint, SecureSocketOptions.None);

        var data = Encoding.ASCII.GetString(Assert.Single(await mx.WaitForMessagesAsync(1)).Data);
        Assert.Contains("\r\n.A line that starts with a dot\r\n", data, StringComparison.Ordinal);
        Assert.DoesNotContain("..A line", data, StringComparison.Ordinal);
        Assert.EndsWith("Bye.\r\n", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TwoMessagesOnOneClient_OneConnectionTwoTransactions()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });

        using (var client = await ConnectAsync(mx.EndPoint, SecureSocketOptions.StartTls))
        {
            await client.SendAsync(MailKitClients.Message(Sender, Alice));
            await client.SendAsync(MailKitClients.Message(Sender, "bob@partner.test"));
            await client.DisconnectAsync(quit: true);
        }

        var messages = await mx.WaitForMessagesAsync(2);
        Assert.Equal(1, mx.ConnectionCount);
        Assert.Equal(2, mx.TransactionCount);
        Assert.Single(mx.Handshakes);
        Assert.All(messages, m => Assert.Equal(1, m.ConnectionId));
    }

    [Fact]
    public async Task Send_OneRecipientRefused550_MailKitThrowsAndNothingIsDelivered()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions
        {
            OfferStartTls = false,
            RecipientReplies = new Dictionary<string, string> { ["nobody@partner.test"] = "550 5.1.1 No such user" },
        });
        using var client = await ConnectAsync(mx.EndPoint, SecureSocketOptions.None);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(MailKitClients.Message(Sender, Alice, "nobody@partner.test")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Equal("nobody@partner.test", error.Mailbox?.Address);
        Assert.Empty(mx.Messages);
    }

    [Fact]
    public async Task Send_OneRecipientRefusedToTolerantClient_OthersDelivered()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions
        {
            OfferStartTls = false,
            RecipientReplies = new Dictionary<string, string>
            {
                ["NOBODY@partner.test"] = "550 5.1.1 No such user",
                ["busy@partner.test"] = "450 4.2.1 Try again later",
            },
        });
        using var client = new RecipientTolerantSmtpClient();
        await MailKitClients.ConnectAsync(mx.EndPoint, TestPki.PartnerMx, SecureSocketOptions.None, client: client);

        await client.SendAsync(MailKitClients.Message(Sender, Alice, "nobody@partner.test", "busy@partner.test"));

        Assert.Equal([Alice], Assert.Single(await mx.WaitForMessagesAsync(1)).Recipients);
        Assert.Equal(
            [("nobody@partner.test", SmtpStatusCode.MailboxUnavailable), ("busy@partner.test", SmtpStatusCode.MailboxBusy)],
            client.Refused.Select(r => (r.Mailbox, r.Status)));
    }

    [Fact]
    public async Task StartTls_NotOffered_MailKitStartTlsThrowsNotSupported()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false, Certificate = Pki.Good });

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => ConnectAsync(mx.EndPoint, SecureSocketOptions.StartTls));

        Assert.Equal("The SMTP server does not support the STARTTLS extension.", error.Message);
        Assert.Equal(0, mx.StartTlsCommandCount);
    }

    [Fact]
    public async Task StartTls_Answered454_MailKitThrowsSmtpCommandException()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good, StartTls = StartTlsBehavior.Reject454 });

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => ConnectAsync(mx.EndPoint, SecureSocketOptions.StartTls));

        Assert.Equal(454, (int)error.StatusCode);
        Assert.Equal(1, mx.StartTlsCommandCount);
    }

    [Theory]
    [InlineData(nameof(StartTlsBehavior.CloseAfterReady))]
    [InlineData(nameof(StartTlsBehavior.GarbageAfterReady))]
    public async Task StartTls_HandshakeBroken_MailKitThrowsSslHandshakeException(string behavior)
    {
        var options = new FakeMxOptions { Certificate = Pki.Good, StartTls = Enum.Parse<StartTlsBehavior>(behavior) };
        await using var mx = new FakeMxServer(options);

        await Assert.ThrowsAsync<SslHandshakeException>(() => ConnectAsync(mx.EndPoint, SecureSocketOptions.StartTls));

        Assert.Equal(1, mx.StartTlsCommandCount);
        Assert.Empty(mx.Handshakes);
    }

    [Fact]
    public async Task Ehlo_AfterTls_DoesNotOfferStartTlsAgain()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = Pki.Good });
        using var log = new MemoryStream();
        using var client = new SmtpClient(new ProtocolLogger(log, leaveOpen: true));

        await MailKitClients.ConnectAsync(
            mx.EndPoint, TestPki.PartnerMx, SecureSocketOptions.StartTls, new CustomRootValidator(Pki.Ca.Certificate).Callback, client);

        // MailKit keeps the StartTLS flag in Capabilities after the upgrade, so read the wire instead.
        var transcript = Encoding.ASCII.GetString(log.ToArray());
        var afterTls = transcript[transcript.IndexOf("C: STARTTLS", StringComparison.Ordinal)..];
        Assert.True(client.IsSecure);
        Assert.Contains("S: 250 ENHANCEDSTATUSCODES", afterTls, StringComparison.Ordinal);
        Assert.DoesNotContain("S: 250-STARTTLS", afterTls, StringComparison.Ordinal);
        Assert.DoesNotContain("S: 250 STARTTLS", afterTls, StringComparison.Ordinal);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining | SmtpCapabilities.EightBitMime | SmtpCapabilities.Size));
    }

    [Fact]
    public async Task Dispose_WithIdleConnectionOpen_ReturnsPromptlyAndClosesIt()
    {
        var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false });
        await using var raw = await RawSmtpClient.ConnectAsync(mx.EndPoint);
        Assert.StartsWith("220 ", Assert.Single(await raw.ReadReplyAsync()), StringComparison.Ordinal);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await mx.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());

        // Closed either way: an orderly end of stream, or a reset when the socket had unread data.
        try
        {
            Assert.Empty(await raw.ReadReplyAsync());
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset })
        {
        }
    }

    [Fact]
    public async Task StartTls_PlaintextPipelinedAfterIt_IsDiscarded()
    {
        var options = new FakeMxOptions { Certificate = Pki.Good, HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        await using var mx = new FakeMxServer(options);
        await using var raw = await RawSmtpClient.ConnectAsync(mx.EndPoint);
        await raw.ReadReplyAsync();
        await raw.CommandAsync("EHLO attacker.test");

        // A server that kept the injected NOOP would answer it in plaintext (the CVE-2011-0411 family).
        await raw.SendAsync("STARTTLS\r\nNOOP");

        Assert.Equal(["220 2.0.0 Ready to start TLS"], await raw.ReadReplyAsync());
        Assert.Empty(await raw.ReadReplyAsync());
        await Eventually.WaitAsync(() => Task.FromResult(mx.FailedHandshakeCount == 1), "the handshake timed out");
    }

    private static async Task SendOneAsync(System.Net.IPEndPoint endPoint, SecureSocketOptions security)
    {
        using var client = await ConnectAsync(endPoint, security);
        await client.SendAsync(MailKitClients.Message(Sender, Alice));
        await client.DisconnectAsync(quit: true);
    }

    private static Task<SmtpClient> ConnectAsync(System.Net.IPEndPoint endPoint, SecureSocketOptions security) =>
        MailKitClients.ConnectAsync(endPoint, TestPki.PartnerMx, security, new CustomRootValidator(Pki.Ca.Certificate).Callback);
}
