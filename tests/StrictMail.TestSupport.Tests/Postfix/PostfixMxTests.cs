using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;
using StrictMail.TestSupport.Postfix;

namespace StrictMail.TestSupport.Tests.Postfix;

public sealed class PostfixMxTests
{
    private const string MxName = "mx.partner.test";
    private static readonly string[] Tls12Or13 = ["TLSv1.3", "TLSv1.2"];

    [Fact]
    public async Task WaitForMessagesAsync_ClientUsesStartTls_ReportsTlsProtocol()
    {
        using var pki = new PostfixTestCertificates(MxName);
        await using var mx = await PostfixMx.StartAsync(Options("127.0.40.1", "partner.test", pki));

        var messageId = await SendAsync(mx, "someone@partner.test", SecureSocketOptions.StartTls, pki.Authority);

        var message = Assert.Single(await mx.WaitForMessagesAsync(1));
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal("sender@strictmail.test", message.From);
        Assert.Equal(["someone@partner.test"], message.To);
        Assert.Contains(message.TlsProtocol, Tls12Or13);
        var log = mx.ReadLog();
        Assert.Equal((1, 0), (log.TlsSessionCount, log.PlaintextSessionCount));
        Assert.Equal([message.TlsProtocol!], log.TlsProtocols);
    }

    [Fact]
    public async Task WaitForMessagesAsync_ClientSendsPlaintext_ReportsNoTls()
    {
        using var pki = new PostfixTestCertificates(MxName);
        await using var mx = await PostfixMx.StartAsync(Options("127.0.40.2", "partner.test", pki));

        var messageId = await SendAsync(mx, "someone@partner.test", SecureSocketOptions.None, trusted: null);

        var message = Assert.Single(await mx.WaitForMessagesAsync(1));
        Assert.Equal(messageId, message.MessageId);
        Assert.False(message.UsedTls);
        var log = mx.ReadLog();
        Assert.Equal((0, 1), (log.TlsSessionCount, log.PlaintextSessionCount));
        Assert.Empty(log.TlsProtocols);
    }

    [Fact]
    public async Task StartAsync_TwoInstancesOnTwoAddresses_EachReceivesOnlyItsOwnMail()
    {
        using var pki = new PostfixTestCertificates(MxName);
        var starting = new[] { Options("127.0.40.3", "partner.test", pki), Options("127.0.40.4", "other.test", pki) }
            .Select(PostfixMx.StartAsync).ToList();
        await using var partner = await starting[0];
        await using var other = await starting[1];

        var toPartner = await SendAsync(partner, "a@partner.test", SecureSocketOptions.StartTls, pki.Authority);
        var toOther = await SendAsync(other, "b@other.test", SecureSocketOptions.StartTls, pki.Authority);

        Assert.Equal(toPartner, Assert.Single(await partner.WaitForMessagesAsync(1)).MessageId);
        Assert.Equal(toOther, Assert.Single(await other.WaitForMessagesAsync(1)).MessageId);
        Assert.NotEqual(partner.Directory, other.Directory);
    }

    [Fact]
    public async Task StartAsync_WithoutCertificate_OffersNoStartTls()
    {
        await using var mx = await PostfixMx.StartAsync(Options("127.0.40.5", "partner.test", pki: null));

        await Assert.ThrowsAsync<NotSupportedException>(
            () => SendAsync(mx, "someone@partner.test", SecureSocketOptions.StartTls, trusted: null));

        var log = await mx.WaitForLogAsync(l => l.Sessions.Count == 1, "one session");
        Assert.Equal((0, 1), (log.TlsSessionCount, log.PlaintextSessionCount));
        Assert.Empty(log.Messages);
    }

    [Fact]
    public async Task SendAsync_RecipientOutsideDomains_RejectedAsRelay()
    {
        await using var mx = await PostfixMx.StartAsync(Options("127.0.40.6", "partner.test", pki: null));

        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => SendAsync(mx, "someone@elsewhere.test", SecureSocketOptions.None, trusted: null));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        var log = await mx.WaitForLogAsync(l => l.Rejections.Count == 1, "one rejection");
        Assert.Contains("Relay access denied", Assert.Single(log.Rejections), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_KeyDoesNotLoad_ThrowsWithPostfixLog()
    {
        using var pki = new PostfixTestCertificates(MxName);
        var options = Options("127.0.40.7", "partner.test", pki);
        await File.WriteAllTextAsync(options.KeyFile!, "not a key\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostfixMx.StartAsync(options));

        Assert.Contains("TLS not available", error.Message, StringComparison.Ordinal);
        Assert.Contains("disabling TLS support", error.Message, StringComparison.Ordinal);
    }

    private static PostfixMxOptions Options(string address, string domain, PostfixTestCertificates? pki) => new()
    {
        Address = IPAddress.Parse(address),
        HostName = MxName,
        Domains = [domain],
        CertificateFile = pki?.CertificateFile,
        KeyFile = pki?.KeyFile,
    };

    private static async Task<string> SendAsync(PostfixMx mx, string to, SecureSocketOptions security, X509Certificate2? trusted)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@strictmail.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "PostfixMx test";
        message.MessageId = MimeUtils.GenerateMessageId("strictmail.test");
        message.Body = new TextPart("plain") { Text = "Hello from the PostfixMx tests." };

        using var client = new SmtpClient { Timeout = 10_000 };
        if (trusted is not null)
        {
            client.ServerCertificateValidationCallback = TrustOnly(trusted, MxName);
        }

        await client.ConnectAsync(mx.EndPoint.Address.ToString(), mx.EndPoint.Port, security);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return message.MessageId;
    }

    // Trusts the test CA alone and checks the MX's name ourselves: we connect by IP, so SslStream's name check cannot.
    private static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 authority, string hostName) =>
        (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented) && presented.MatchesHostname(hostName);
        };
}
