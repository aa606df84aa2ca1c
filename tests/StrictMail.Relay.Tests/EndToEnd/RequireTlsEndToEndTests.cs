using MailKit.Security;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// REQUIRETLS from a real client library (MailKit, which sends the MAIL FROM parameter when the server offers it; swaks
/// has no way to add a MAIL parameter) over STARTTLS into a relay process, through its queue, out to an MX: an in-process
/// MX that advertises REQUIRETLS (delivered, over verified TLS, with the parameter) and a real Postfix 3.7 (which does
/// not: bounced, nothing sent). The relay process takes the test CA as its system roots (SSL_CERT_FILE), so the
/// Opportunistic default policy is raised to Verify by REQUIRETLS alone.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class RequireTlsEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("strictmail-requiretls-");

    public void Dispose() => _files.Delete(recursive: true);

    [Fact]
    public async Task Send_RequireTlsToAnMxThatOffersIt_DeliveredOverVerifiedTlsWithTheParameter()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { HostName = TestPki.PartnerMx, Certificate = TestPki.Shared.Good, OfferRequireTls = true }, Loopback.NextAddress());
        using var dns = Dns(mx.EndPoint.Address);
        await using var relay = await StartRelayAsync(dns, mx.EndPoint.Port);

        await SendWithRequireTlsAsync(relay);

        var received = Assert.Single(await mx.WaitForMessagesAsync(1, TimeSpan.FromSeconds(15)));
        Assert.True(received.IsTls);
        Assert.Contains("REQUIRETLS", received.MailParameters, StringComparison.Ordinal);
        await Eventually.WaitAsync(
            async () => (await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("kind=\"requiretls\",policy=\"mail/default\",result=\"delivered\"", StringComparison.Ordinal),
            relay.Describe("the relay counts the delivered REQUIRETLS message"));
    }

    [Fact]
    public async Task Send_RequireTlsToPostfix37_BouncedAndPostfixGetsNothing()
    {
        await using var postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [TestPki.Shared.Ca.Certificate]);
        using var dns = Dns(postfix.EndPoint.Address);
        await using var relay = await StartRelayAsync(dns, postfix.EndPoint.Port);

        await SendWithRequireTlsAsync(relay);

        await Eventually.WaitAsync(
            async () => (await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("kind=\"requiretls\",policy=\"mail/default\",result=\"bounced\"", StringComparison.Ordinal),
            relay.Describe("the relay bounces the REQUIRETLS message"));
        Assert.Empty(postfix.ReadLog().Messages);
    }

    private static TestDnsServer Dns(System.Net.IPAddress mx)
    {
        var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, mx);
        return dns;
    }

    private async Task<RelayProcess> StartRelayAsync(TestDnsServer dns, int port)
    {
        var certificate = Path.Combine(_files.FullName, "tls.crt");
        var key = Path.Combine(_files.FullName, "tls.key");
        var ca = Path.Combine(_files.FullName, "ca.crt");
        PemFiles.WriteCertificate(certificate, TestPki.Shared.Good);
        PemFiles.WritePrivateKey(key, TestPki.Shared.Good);
        PemFiles.WriteCertificate(ca, TestPki.Shared.Ca.Certificate);
        return await RelayProcess.StartAsync(new RelayProcessOptions
        {
            DnsServer = dns.EndPoint,
            DeliveryPort = port,
            PolicyDocument = PolicyDocumentJson.Serialize(PolicyDocumentJson.Create([new CompiledPolicy { Name = "mail/default", Domains = ["*"], Level = TlsLevel.Opportunistic, DiscoverMtaSts = false }])),
            ExtraArguments = [$"--Relay:Inbound:CertificateFile={certificate}", $"--Relay:Inbound:KeyFile={key}"],
            Environment = new Dictionary<string, string> { ["SSL_CERT_FILE"] = ca },
        });
    }

    private static async Task SendWithRequireTlsAsync(RelayProcess relay)
    {
        using var client = await MailKitClients.ConnectAsync(relay.SmtpEndPoint, TestPki.PartnerMx, SecureSocketOptions.StartTls, new CustomRootValidator(TestPki.Shared.Ca.Certificate).Callback);
        Assert.True(client.Capabilities.HasFlag(MailKit.Net.Smtp.SmtpCapabilities.RequireTLS));
        client.RequireTLS = true;
        await client.SendAsync(MailKitClients.Message("app@internal.test", "alice@partner.test"));
        await client.DisconnectAsync(quit: true);
    }
}
