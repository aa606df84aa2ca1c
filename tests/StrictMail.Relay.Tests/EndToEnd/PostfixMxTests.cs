using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>swaks into the relay process, which delivers under a Secure policy to a real Postfix MX over verified TLS.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class PostfixMxTests
{
    [Fact]
    public async Task Swaks_SecurePolicyToPostfixMx_ArrivesOverTls()
    {
        using var directory = new TempFiles();
        var certificate = directory.Path("mx.crt");
        var key = directory.Path("mx.key");
        var anchors = Directory.CreateDirectory(directory.Path("anchors/partner-ca")).FullName;
        PemFiles.WriteCertificate(certificate, TestPki.Shared.Good);
        PemFiles.WritePrivateKey(key, TestPki.Shared.Good);
        PemFiles.WriteCertificate(Path.Combine(anchors, "ca.crt"), TestPki.Shared.Ca.Certificate);
        await using var postfix = await PostfixMx.StartAsync(new PostfixMxOptions
        {
            Address = Loopback.NextAddress(),
            HostName = TestPki.PartnerMx,
            Domains = [TestPki.PartnerDomain],
            CertificateFile = certificate,
            KeyFile = key,
        });
        using var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, postfix.EndPoint.Address);
        var document = PolicyDocumentJson.Serialize(PolicyDocumentJson.Create([new CompiledPolicy
        {
            Name = "mail/partner",
            Domains = [TestPki.PartnerDomain],
            Level = TlsLevel.Secure,
            TrustAnchors = new TrustAnchorRef("partner-ca", "ca.crt"),
        }]));
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions
        {
            DnsServer = dns.EndPoint,
            DeliveryPort = postfix.EndPoint.Port,
            PolicyDocument = document,
            ExtraArguments = [$"--Relay:Delivery:TrustAnchorsDirectory={directory.Path("anchors")}"],
        });

        var (exitCode, text) = await PostfixCommand.RunAsync(
            PostfixCommand.Locate("swaks"),
            "--server", relay.SmtpEndPoint.ToString(), "--from", "app@internal.test", "--to", "alice@partner.test", "--header", "Message-Id: <secure-1@e2e>");

        Assert.True(exitCode == 0, relay.Describe($"swaks failed (exit {exitCode}):\n{text}"));
        var message = Assert.Single(await postfix.WaitForMessagesAsync(1, TimeSpan.FromSeconds(15)));
        Assert.Equal("secure-1@e2e", message.MessageId);
        Assert.True(message.UsedTls, postfix.TailLog());
    }

    private sealed class TempFiles : IDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("strictmail-e2e-postfix-");

        public string Path(string relative) => System.IO.Path.Combine(_root.FullName, relative);

        public void Dispose() => _root.Delete(recursive: true);
    }
}
