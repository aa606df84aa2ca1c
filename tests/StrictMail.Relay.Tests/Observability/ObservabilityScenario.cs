using System.Globalization;
using MailKit.Security;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Tests.Delivery.Sts;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Dnssec;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Observability;

/// <summary>
/// A relay process with four policies and the peers that make every relay metric move:
/// mail/partner (Secure, partner.test) delivers over verified TLS and bounces bob@partner.test with a 550;
/// mail/bank (Encrypt, bank.test) goes through a STARTTLS stripper and is blocked, so its message stays deferred;
/// mail/cont (Opportunistic, cont.test) goes through a proxy that stops offering STARTTLS in the second wave, a
/// continuity downgrade the relay allows; mail/dane (Opportunistic, DANE discovery) delivers to dane.test, whose
/// DNSSEC-signed TLSA record matches the MX (a DANE-authenticated delivery), and defers badtlsa.test, whose signed TLSA
/// record names another key (tlsa-invalid); mail/default ("*") takes the bounce notices to a plaintext sink. Every
/// lookup goes through a real validating unbound (the relay's DnssecResolvers): the two DANE zones are signed, the
/// rest of .test is forwarded, unsigned, to the test DNS server. mail/dane also covers sts.test, whose enforced MTA-STS
/// policy (served over HTTPS by Kestrel; the relay process takes the test CA as its system roots through SSL_CERT_FILE)
/// raises the level to Verify (level MtaSts), and stsbroken.test, whose policy host has no address (sts-policy-fetch-error).
/// Wave one creates every series; wave two makes counters grow, which rate() and increase() need.
/// </summary>
internal sealed class ObservabilityScenario : IAsyncDisposable
{
    private const string Sender = "app@internal.test";
    private static readonly TimeSpan WaveTimeout = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory;

    private DnssecLab? _dnssec;
    private StsPolicyServer? _sts;

    private ObservabilityScenario(DirectoryInfo directory, TestDnsServer dns, FakeMxServer mx, FakeMxServer sink, StartTlsStripper bankPath, StartTlsStripper continuityPath)
    {
        _directory = directory;
        Dns = dns;
        Mx = mx;
        Sink = sink;
        BankPath = bankPath;
        ContinuityPath = continuityPath;
    }

    public TestDnsServer Dns { get; }

    /// <summary>The partner MX (certificate from the test CA for mx.partner.test); bank.test and cont.test reach it through proxies.</summary>
    public FakeMxServer Mx { get; }

    /// <summary>Where bounce notices to internal.test go (no STARTTLS).</summary>
    public FakeMxServer Sink { get; }

    /// <summary>Strips STARTTLS on the way to bank.test's MX, always.</summary>
    public StartTlsStripper BankPath { get; }

    /// <summary>Passes TLS through to cont.test's MX in wave one and strips it in wave two.</summary>
    public StartTlsStripper ContinuityPath { get; }

    public RelayProcess Relay { get; private set; } = null!;

    private const string ReportToken = "observability-token-0123456789";

    public static async Task<ObservabilityScenario> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("strictmail-observability-");
        var dns = new TestDnsServer();
        var mx = new FakeMxServer(
            new FakeMxOptions
            {
                HostName = TestPki.PartnerMx,
                Certificate = TestPki.Shared.Good,
                RecipientReplies = new Dictionary<string, string> { ["bob@partner.test"] = "550 5.1.1 No such user" },
            },
            Loopback.NextAddress());
        var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false }, Loopback.NextAddress());
        var bank = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        var continuity = new StartTlsStripper(mx.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        var scenario = new ObservabilityScenario(directory, dns, mx, sink, bank, continuity);
        try
        {
            dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
            dns.AddA(TestPki.PartnerMx, mx.EndPoint.Address);
            dns.AddA("mx.bank.test", bank.EndPoint.Address);
            dns.AddA("mx.cont.test", continuity.EndPoint.Address);
            dns.AddA("mx.sink.test", sink.EndPoint.Address);
            scenario._sts = await StsPolicyServer.StartAsync();
            scenario._sts.Certificate = TestPki.Shared.Ca.IssueServer(["mta-sts.sts.test"]);
            scenario._sts.Serve(StsPolicyServer.Good);
            foreach (var domain in new[] { "sts.test", "stsbroken.test" })
            {
                dns.AddMx(domain, 10, TestPki.PartnerMx);
                dns.AddTxt("_mta-sts." + domain, "v=STSv1; id=1");
            }

            dns.AddA("mta-sts.sts.test", scenario._sts.Address);
            scenario._dnssec = await DnssecLab.StartAsync(
                new Dictionary<string, IReadOnlyList<string>>
                {
                    ["dane.test"] = ["@ IN MX 10 mx.dane.test.", $"mx IN A {mx.EndPoint.Address}", Tlsa(mx.EndPoint.Port, TestPki.Shared.Good)],
                    ["badtlsa.test"] = ["@ IN MX 10 mx.badtlsa.test.", $"mx IN A {mx.EndPoint.Address}", Tlsa(mx.EndPoint.Port, TestPki.Shared.Attacker)],
                },
                insecure: ("test", dns.EndPoint));
            var anchors = Directory.CreateDirectory(Path.Combine(directory.FullName, "anchors", "test-ca")).FullName;
            using (var dkim = System.Security.Cryptography.RSA.Create(2048))
            {
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, "dkim.key"), dkim.ExportPkcs8PrivateKeyPem());
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "token"), ReportToken);
            PemFiles.WriteCertificate(Path.Combine(anchors, "ca.crt"), TestPki.Shared.Ca.Certificate);
            var document = PolicyDocumentJson.Serialize(PolicyDocumentJson.Create(
            [
                new CompiledPolicy { Name = "mail/partner", Domains = [TestPki.PartnerDomain], Level = TlsLevel.Secure, TrustAnchors = new TrustAnchorRef("test-ca", "ca.crt") },
                new CompiledPolicy { Name = "mail/bank", Domains = ["bank.test"], Level = TlsLevel.Encrypt, NextHop = NextHop("mx.bank.test", bank) },
                new CompiledPolicy { Name = "mail/cont", Domains = ["cont.test"], Level = TlsLevel.Opportunistic, NextHop = NextHop("mx.cont.test", continuity) },
                new CompiledPolicy { Name = "mail/dane", Domains = ["dane.test", "badtlsa.test", "sts.test", "stsbroken.test"], Level = TlsLevel.Opportunistic },
                new CompiledPolicy { Name = "mail/default", Domains = ["*"], Level = TlsLevel.Opportunistic, NextHop = NextHop("mx.sink.test", sink) },
            ]));
            scenario.Relay = await RelayProcess.StartAsync(new RelayProcessOptions
            {
                DnsServer = dns.EndPoint,
                DeliveryPort = mx.EndPoint.Port,
                PolicyDocument = document,
                ExtraArguments =
                [
                    $"--Relay:Delivery:TrustAnchorsDirectory={Path.Combine(directory.FullName, "anchors")}",
                    $"--Relay:Delivery:DnssecResolvers:0={scenario._dnssec.Resolver}",
                    "--Relay:Delivery:DnssecCheckName=dane.test",
                    $"--Relay:Delivery:MtaStsHttpsPort={scenario._sts.Port}",

                    // A new session per message: a pooled TLS session through the proxy would hide the stripping in wave two.
                    "--Relay:Delivery:MaxMessagesPerConnection=1",

                    // TLS reporting on, so the report counter has a series (a report for a domain that asks for none).
                    $"--Relay:Reporting:DkimKeyFile={Path.Combine(directory.FullName, "dkim.key")}",
                    "--Relay:Reporting:DkimDomain=relay.test",
                    "--Relay:Reporting:OrganizationName=Observability Test",
                    "--Relay:Reporting:ContactInfo=mailto:tls@relay.test",
                    "--Relay:Reporting:SendWindow=00:00:00",
                    $"--Relay:Reporting:AdminTokenFile={Path.Combine(directory.FullName, "token")}",
                ],
                Environment = new Dictionary<string, string> { ["SSL_CERT_FILE"] = Path.Combine(anchors, "ca.crt") },
            });
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Verified TLS to partner.test with one 550, TLS to cont.test, a blocked downgrade for bank.test, a client closed for its errors; waits for the results.</summary>
    public async Task RunFirstWaveAsync()
    {
        await SendAsync("alice@partner.test", "bob@partner.test");
        await SendAsync("carol@cont.test");
        await SendAsync("dave@bank.test");
        await SendAsync("frank@dane.test");
        await SendAsync("grace@badtlsa.test");
        await SendAsync("ivan@sts.test");
        await SendAsync("judy@stsbroken.test");

        // RFC 8689 "TLS-Required: No" under mail/partner, which does not honour it: counted as ignored, delivered verified anyway.
        await SendAsync(new KeyValuePair<string, string>("TLS-Required", "No"), "karl@partner.test");
        await MisbehaveAsync();
        await HandOverReportAsync();
        await WaitAsync(() => Mx.Messages.Count >= 3 && Sink.Messages.Count >= 1, "wave one: 3 messages at the MX and 1 bounce notice at the sink");
        await WaitForMetricAsync("strictmail_relay_deliveries_total{", "level=\"Dane\"");
        await WaitForMetricAsync("strictmail_relay_downgrade_attempts_total{", "result_type=\"tlsa-invalid\"");
        await WaitForMetricAsync("strictmail_relay_deliveries_total{", "level=\"MtaSts\"");
        await WaitForMetricAsync("strictmail_relay_downgrade_attempts_total{", "result_type=\"sts-policy-fetch-error\"");
        await WaitForMetricAsync("strictmail_relay_requiretls_total{", "result=\"ignored\"");
        await WaitForMetricAsync("strictmail_relay_downgrade_attempts_total{", "action=\"blocked\"");
        await WaitForMetricAsync("strictmail_relay_bounces_total{", "reason=");
        await WaitForMetricAsync("strictmail_relay_inbound_refusals_total{", "reason=\"too_many_errors\"");
        await WaitForMetricAsync("strictmail_relay_tlsrpt_reports_total{", "result=\"no-record\"");
    }

    // A merged report for a domain that publishes no _smtp._tls record, handed over as the operator does.
    private async Task HandOverReportAsync()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var report = new StrictMail.Policy.Reporting.DailyTlsReport($"{day:yyyy-MM-dd}_norpt.test@relay.test", day, "norpt.test", [new StrictMail.Policy.Reporting.TlsReportEntry("norpt.test", "no-policy-found", [], ["mx.norpt.test"], 1, [])]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tlsrpt/reports") { Content = System.Net.Http.Json.JsonContent.Create(new StrictMail.Policy.Reporting.TlsReportHandoff([report])) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReportToken);
        using var response = await Relay.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>STARTTLS stripped for cont.test (allowed by continuity), 11 more verified deliveries and one more 550; waits for the results.</summary>
    public async Task RunSecondWaveAsync()
    {
        ContinuityPath.Mode = StartTlsStripMode.StripOffer;
        await SendAsync("erin@cont.test");
        await SendAsync([.. Enumerable.Range(1, 11).Select(i => string.Create(CultureInfo.InvariantCulture, $"alice{i}@partner.test")), "bob@partner.test"]);
        await SendAsync("heidi@dane.test");
        await WaitAsync(() => Mx.Messages.Count >= 6 && Sink.Messages.Count >= 2, "wave two: 6 messages at the MX and 2 bounce notices at the sink");
        await WaitForMetricAsync("strictmail_relay_downgrade_attempts_total{", "action=\"allowed\"");
    }

    /// <summary>The relay's /metrics now.</summary>
    public Task<string> MetricsAsync() => Relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        await ContinuityPath.DisposeAsync();
        if (_sts is not null)
        {
            await _sts.DisposeAsync();
        }

        await BankPath.DisposeAsync();
        await Sink.DisposeAsync();
        await Mx.DisposeAsync();
        if (_dnssec is not null)
        {
            await _dnssec.DisposeAsync();
        }

        Dns.Dispose();
        _directory.Delete(recursive: true);
    }

    // A DANE-EE(3) SPKI SHA-256 record for the MX port: names and dates are not checked.
    private static string Tlsa(int port, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        TlsaData.Line(port, "mx", 3, 1, 1, certificate);

    private static string NextHop(string host, StartTlsStripper proxy) => string.Create(CultureInfo.InvariantCulture, $"[{host}]:{proxy.EndPoint.Port}");

    private static string NextHop(string host, FakeMxServer server) => string.Create(CultureInfo.InvariantCulture, $"[{host}]:{server.EndPoint.Port}");

    // A client that sends nothing but unknown commands until the relay closes the session (MaxErrors, 10).
    private async Task MisbehaveAsync()
    {
        var (client, _) = await Inbound.WireClient.ConnectAsync(Relay.SmtpEndPoint);
        await using var _ = client;
        await client.SendRawAsync(string.Concat(Enumerable.Repeat("XYZZY\r\n", 10)));
        var replies = await client.ReadRepliesAsync(11);
        if (!replies[^1].StartsWith("421 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The relay did not close the session after 10 errors: " + replies[^1]);
        }
    }

    private Task SendAsync(params string[] recipients) => SendAsync(null, recipients);

    private async Task SendAsync(KeyValuePair<string, string>? header, params string[] recipients)
    {
        using var client = await MailKitClients.ConnectAsync(Relay.SmtpEndPoint, "relay.strictmail.test", SecureSocketOptions.None);
        var message = MailKitClients.Message(Sender, recipients);
        if (header is { } extra)
        {
            message.Headers.Add(extra.Key, extra.Value);
        }

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }

    private Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private Task WaitForMetricAsync(string prefix, string contains) =>
        WaitAsync(
            async () => (await MetricsAsync()).Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal)),
            $"/metrics shows {prefix}...{contains}...");

    // The relay's log at the moment of failure, not at the start of the wait.
    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.WaitAsync(condition, what, WaveTimeout);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(Relay.Describe(e.Message));
        }
    }
}
