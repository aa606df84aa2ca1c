using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using MimeKit.Cryptography;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Reporting;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;
using StrictMail.TestSupport.Time;
using Xunit.Abstractions;

namespace StrictMail.Operator.Tests.Reporting;

/// <summary>
/// Fleet-wide TLS reporting with real parts: two relays (real relay applications on 127.0.93.1 and .2, their pods in the
/// fake API server) each delivered mail to partner.test's real Postfix MX over TLS, recording the session; the leader's
/// cycle collects both days over the token-guarded
/// admin port, merges them into one report and hands it to the first relay, which mails it to a real Postfix MX named in
/// partner.test's _smtp._tls record. The ConfigMap remembers the day, so the next cycle sends nothing more.
/// </summary>
[Collection(LoopbackRelays.Collection)]
public sealed class TlsReportCycleTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = "cycle-test-token-0123456789";
    private readonly TempDirectory _files = new();
    private readonly RSA _dkim = RSA.Create(2048);

    public void Dispose()
    {
        _dkim.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Run_TwoRelaysDeliveredToTheSameDomain_OneMergedReportMailedOnce()
    {
        await using var postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [TestPki.Shared.Ca.Certificate], keepsMail: true);
        using var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, postfix.EndPoint.Address);
        dns.AddTxt("_smtp._tls." + TestPki.PartnerDomain, "v=TLSRPTv1; rua=mailto:tlsrpt@partner.test");
        var keyRecord = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(_dkim.ExportSubjectPublicKeyInfo());
        await using var harness = await OperatorHarness.StartAsync();
        await using var relays = await LoopbackRelays.StartAsync(harness, count: 2, arguments: RelayArguments(dns, postfix.EndPoint.Port));
        await harness.StartOperatorAsync(relayAdminPort: relays.AdminPort);
        await harness.ApplyAsync("partner", new TlsPolicySpec { Level = "Opportunistic", Domains = [TestPki.PartnerDomain] });
        await harness.WaitForConditionAsync("partner", PolicyConditionTypes.Ready, "True", TimeSpan.FromSeconds(30));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SendAsync(relays[0], "alice@partner.test");
        await SendAsync(relays[1], "bob@partner.test");
        await Eventually.WaitAsync(() => postfix.ReadMail().Count == 2, "both relays deliver to Postfix", TimeSpan.FromSeconds(30));
        var clock = new ManualClock(new DateTimeOffset(today.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        var options = new TlsReportingOptions { TokenFile = _files.File("token"), Submitter = "relay.test" };
        using var client = new RelayReportClient(options);
        var progress = new ConfigMapReportingProgress(harness.Client, "strictmail-tlsrpt", OperatorHarness.Namespace);
        var cycle = new TlsReportCycle(client, progress, options, clock, new StrictMail.Operator.Reporting.ReportingLog(NullLogger.Instance));
        var fleet = await RelayAdminAddresses.ReadAsync(harness.Client, OperatorHarness.Namespace, "app.kubernetes.io/component=relay", relays.AdminPort, CancellationToken.None);

        var first = await cycle.RunAsync(fleet.Ready, fleet.Expected, CancellationToken.None);
        var second = await cycle.RunAsync(fleet.Ready, fleet.Expected, CancellationToken.None);

        Assert.Equal((2, 2), (fleet.Ready.Count, fleet.Expected));
        Assert.Equal([today], first);
        Assert.Empty(second);
        Assert.Equal(today, await progress.ReadAsync(CancellationToken.None));
        await Eventually.WaitAsync(() => postfix.ReadMail().Count > 2, "the merged report reaches Postfix", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var mail = Assert.Single(postfix.ReadMail().Select(bytes => MimeMessage.Load(new MemoryStream(bytes))), m => m.Headers["TLS-Report-Domain"] is not null);
        Assert.True(await new DkimVerifier(new StaticDkimKeyLocator("relay.test", "tlsrpt", keyRecord)).VerifyAsync(mail, mail.Headers[mail.Headers.IndexOf(HeaderId.DkimSignature)]));
        Assert.IsType<MultipartReport>(mail.Body);
        var report = TlsReportAttachment.Json(mail);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(report));
        using var json = JsonDocument.Parse(report);
        var policy = Assert.Single(json.RootElement.GetProperty("policies").EnumerateArray());
        // One new TLS session per relay, merged; the report's own delivery is not in it.
        Assert.Equal((2, 0), (policy.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64(), policy.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64()));
        Assert.Equal(("no-policy-found", "mx.partner.test"), (policy.GetProperty("policy").GetProperty("policy-type").GetString(), policy.GetProperty("policy").GetProperty("mx-host")[0].GetString()));
        Assert.Equal($"{today:yyyy-MM-dd}_partner.test@relay.test", json.RootElement.GetProperty("report-id").GetString());
    }

    [Fact]
    public async Task Run_OperatorWithATokenFile_LeaderReportsYesterdayAndRemembersIt()
    {
        // Wiring: `run` with --tlsrpt-token-file starts the cycle on the leader; the relays recorded nothing yesterday, so
        // the day is done without a report and the ConfigMap says so.
        using var dns = new TestDnsServer();
        await using var harness = await OperatorHarness.StartAsync();
        await using var relays = await LoopbackRelays.StartAsync(harness, count: 2, arguments: RelayArguments(dns, 25));
        await harness.StartOperatorAsync(relayAdminPort: relays.AdminPort, tlsReporting: new TlsReportingOptions { TokenFile = _files.File("token"), Interval = TimeSpan.FromMilliseconds(200) });
        var progress = new ConfigMapReportingProgress(harness.Client, "strictmail-tlsrpt", OperatorHarness.Namespace);

        await Eventually.WaitAsync(async () => await progress.ReadAsync(CancellationToken.None) is not null, "the leader marks yesterday reported", TimeSpan.FromSeconds(20));

        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), await progress.ReadAsync(CancellationToken.None));
    }

    private string[] RelayArguments(TestDnsServer dns, int smtpPort)
    {
        var key = _files.File("dkim.key");
        File.WriteAllText(key, _dkim.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_files.File("token"), Token);
        return
        [
            $"--Relay:Delivery:DnsServers:0={dns.EndPoint}",
            "--Relay:Delivery:DnsCache=false",
            $"--Relay:Delivery:SmtpPort={smtpPort}",
            $"--Relay:Reporting:DkimKeyFile={key}",
            "--Relay:Reporting:DkimDomain=relay.test",
            "--Relay:Reporting:OrganizationName=Cycle Test Org",
            "--Relay:Reporting:ContactInfo=mailto:tls-admin@relay.test",
            "--Relay:Reporting:SendWindow=00:00:00",
            $"--Relay:Reporting:AdminTokenFile={_files.File("token")}",
        ];
    }

    private static async Task SendAsync(LoopbackRelay relay, string recipient)
    {
        var inbound = relay.App.Services.GetRequiredService<StrictMail.Relay.Inbound.InboundServer>().EndPoint!;
        using var client = await MailKitClients.ConnectAsync(inbound, "relay.test", MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(MailKitClients.Message("app@internal.test", recipient));
        await client.DisconnectAsync(quit: true);
    }
}
