using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Tests.ReportSending;
using StrictMail.Relay.Tests.Reporting;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// A relay process with reporting on is handed one merged report over its admin port (as the operator does) and sends it
/// to both destinations of the partner's _smtp._tls record: a real Postfix MX keeps the mail (DKIM verified by MimeKit
/// against the key in DNS, the gzipped JSON checked against RFC 8460 4.4) and an HTTPS collector gets the POST.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class TlsReportSendingTests : IDisposable
{
    private const string Token = "test-admin-token-0123456789";
    private const string Submitter = "relay.test";
    private static readonly DateOnly Day = new(2026, 12, 3);

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("strictmail-tlsrpt-");
    private readonly RSA _dkim = RSA.Create(2048);

    public void Dispose()
    {
        _dkim.Dispose();
        _files.Delete(recursive: true);
    }

    [Fact]
    public async Task HandOver_ReportForADomainWithMailtoAndHttps_SignedMailInPostfixAndPostAtTheCollector()
    {
        await using var postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [TestPki.Shared.Ca.Certificate], keepsMail: true);
        await using var collector = await TlsReportCollector.StartAsync();
        using var dns = Dns(postfix.EndPoint.Address, collector);
        await using var relay = await StartRelayAsync(dns, postfix.EndPoint.Port);
        var report = Report();

        var answer = await HandOverAsync(relay, report);
        var again = await HandOverAsync(relay, report);

        Assert.Equal((1, 0), (answer.Accepted, answer.Known));
        Assert.Equal((0, 1), (again.Accepted, again.Known));
        await Eventually.WaitAsync(() => postfix.ReadMail().Count > 0 && !collector.Posts.IsEmpty, relay.Describe("the report reaches Postfix and the collector"), TimeSpan.FromSeconds(30));
        var mail = MimeMessage.Load(new MemoryStream(Assert.Single(postfix.ReadMail())));
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(dns.EndPoint));
        Assert.True(await verifier.VerifyAsync(mail, mail.Headers[mail.Headers.IndexOf(HeaderId.DkimSignature)]), "the DKIM signature verifies against tlsrpt._domainkey.relay.test");
        Assert.Equal(("No", TestPki.PartnerDomain, Submitter), (mail.Headers["TLS-Required"], mail.Headers["TLS-Report-Domain"], mail.Headers["TLS-Report-Submitter"]));
        Assert.Equal("tlsrpt@relay.test", ((MailboxAddress)mail.From.Single()).Address);
        var json = TlsReportAttachment.Json(Assert.IsType<MultipartReport>(mail.Body).OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/tlsrpt+gzip"));
        Assert.Empty(TlsReportSchema.Problems(json));
        using (var parsed = JsonDocument.Parse(json))
        {
            Assert.Equal((report.ReportId, "Relay Test Org"), (parsed.RootElement.GetProperty("report-id").GetString(), parsed.RootElement.GetProperty("organization-name").GetString()));
            Assert.Equal(7, parsed.RootElement.GetProperty("policies")[0].GetProperty("summary").GetProperty("total-successful-session-count").GetInt64());
        }

        var (contentType, body) = Assert.Single(collector.Posts);
        Assert.Equal("application/tlsrpt+gzip", contentType);
        Assert.Equal(json, TlsReportAttachment.Gunzip(body));

        await Eventually.WaitAsync(
            async () => (await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("method=\"https\",result=\"sent\"} 1", StringComparison.Ordinal),
            relay.Describe("the relay counts the report POSTed"));
        var metrics = await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("method=\"mailto\",result=\"queued\"} 1", metrics, StringComparison.Ordinal);

        // No report loop: the report's own delivery to partner.test is not in the relay's results.
        var today = await ResultsAsync(relay, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.DoesNotContain(today.Entries, e => e.Domain == TestPki.PartnerDomain);
    }

    [Fact]
    public async Task HandOver_CollectorFails_ReportAndItsDestinationKeptAcrossARestart()
    {
        await using var collector = await TlsReportCollector.StartAsync();
        collector.Status = 503;
        using var dns = Dns(IPAddress.Loopback, collector, mailto: false);
        await using var relay = await StartRelayAsync(dns, 25, "--Relay:Reporting:GiveUpAfter=01:00:00");

        await HandOverAsync(relay, Report());
        await Eventually.WaitAsync(
            async () => (await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("method=\"https\",result=\"failed\"}", StringComparison.Ordinal),
            relay.Describe("the first POST fails"));
        await relay.StopAsync();
        await relay.RestartAsync();

        // The retry waits out its backoff (TlsReportSenderTests moves a clock through it); a restart loses nothing.
        var outbox = Directory.GetFiles(Path.Combine(relay.StateDirectory, "tlsrpt", "outbox"), "*.json");
        var item = JsonDocument.Parse(File.ReadAllBytes(Assert.Single(outbox))).RootElement;
        Assert.Equal(JsonValueKind.Null, item.GetProperty("outcome").ValueKind);
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Equal(collector.Url.AbsoluteUri, Assert.Single(item.GetProperty("remaining").EnumerateArray()).GetString());
        Assert.Empty(collector.Posts);
    }

    [Fact]
    public async Task Endpoints_WithoutOrWithAWrongToken_Refused()
    {
        using var dns = new TestDnsServer();
        await using var relay = await StartRelayAsync(dns, 25);

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/tlsrpt/results/2026-12-03");
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/tlsrpt/reports") { Content = JsonContent.Create(new TlsReportHandoff([Report()])) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, (await relay.Admin.SendAsync(anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await relay.Admin.SendAsync(wrong)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(relay.StateDirectory, "tlsrpt", "outbox")) && Directory.EnumerateFiles(Path.Combine(relay.StateDirectory, "tlsrpt", "outbox")).Any());
        Assert.Empty((await ResultsAsync(relay, Day)).Entries);
        Assert.Contains("tls reporting: on: reports signed d=relay.test s=tlsrpt", await relay.Admin.GetStringAsync(new Uri("/readyz", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-03_other.test@relay.test", "partner.test")]
    [InlineData("anything you like", "partner.test")]
    [InlineData("2026-12-03_bad domain@relay.test", "bad domain")]
    public async Task HandOver_ReportIdOrDomainNotWhatTheOperatorMakes_RefusedAndNothingKept(string reportId, string domain)
    {
        using var dns = new TestDnsServer();
        await using var relay = await StartRelayAsync(dns, 25);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tlsrpt/reports") { Content = JsonContent.Create(new TlsReportHandoff([Report() with { ReportId = reportId, Domain = domain }])) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await relay.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outbox = Path.Combine(relay.StateDirectory, "tlsrpt", "outbox");
        Assert.False(Directory.Exists(outbox) && Directory.EnumerateFiles(outbox).Any());
    }

    private static DailyTlsReport Report() => new(
        TlsReportMerge.ReportId(Day, TestPki.PartnerDomain, Submitter),
        Day,
        TestPki.PartnerDomain,
        [new TlsReportEntry(TestPki.PartnerDomain, "no-policy-found", [], [TestPki.PartnerMx], 7, [new TlsFailureCount("starttls-not-supported", TestPki.PartnerMx, "127.0.0.9", 2)])]);

    private static async Task<TlsHandoffAnswer> HandOverAsync(RelayProcess relay, DailyTlsReport report)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tlsrpt/reports") { Content = JsonContent.Create(new TlsReportHandoff([report])) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await relay.Admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, relay.Describe($"hand-over answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"));
        return (await response.Content.ReadFromJsonAsync<TlsHandoffAnswer>())!;
    }

    private static async Task<TlsResultsAnswer> ResultsAsync(RelayProcess relay, DateOnly day)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tlsrpt/results/{day:yyyy-MM-dd}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await relay.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TlsResultsAnswer>())!;
    }

    private TestDnsServer Dns(IPAddress mx, TlsReportCollector collector, bool mailto = true)
    {
        var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, mx);
        dns.AddA(TlsReportCollector.HostName, collector.Address);
        dns.AddTxt("_smtp._tls." + TestPki.PartnerDomain, $"v=TLSRPTv1; rua={(mailto ? "mailto:tlsrpt@partner.test," : string.Empty)}{collector.Url}");
        dns.AddTxt($"tlsrpt._domainkey.{Submitter}", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(_dkim.ExportSubjectPublicKeyInfo()));
        return dns;
    }

    private async Task<RelayProcess> StartRelayAsync(TestDnsServer dns, int port, params string[] more)
    {
        var key = Path.Combine(_files.FullName, "dkim.key");
        var token = Path.Combine(_files.FullName, "token");
        var ca = Path.Combine(_files.FullName, "ca.crt");
        await File.WriteAllTextAsync(key, _dkim.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(token, Token + "\n");
        PemFiles.WriteCertificate(ca, TestPki.Shared.Ca.Certificate);
        return await RelayProcess.StartAsync(new RelayProcessOptions
        {
            DnsServer = dns.EndPoint,
            DeliveryPort = port,
            ExtraArguments =
            [
                $"--Relay:Reporting:DkimKeyFile={key}",
                $"--Relay:Reporting:DkimDomain={Submitter}",
                "--Relay:Reporting:OrganizationName=Relay Test Org",
                "--Relay:Reporting:ContactInfo=mailto:tls-admin@relay.test",
                "--Relay:Reporting:SendWindow=00:00:00",
                $"--Relay:Reporting:AdminTokenFile={token}",
                .. more,
            ],
            // The test CA as the system roots: the collector's certificate is WebPKI-valid to the relay.
            Environment = new Dictionary<string, string> { ["SSL_CERT_FILE"] = ca },
        });
    }
}
