using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.Relay.Queue;
using StrictMail.Relay.ReportSending;
using StrictMail.Relay.Tests.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Queue;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Metrics;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Time;

namespace StrictMail.Relay.Tests.ReportSending;

/// <summary>The sender against a real DNS server, a real HTTPS collector and a recording queue, on a clock the test moves.</summary>
public sealed class TlsReportSenderTests : IAsyncLifetime, IDisposable
{
    // Now: the certificate evaluator judges the collector's certificate (issued now) on this clock.
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    private readonly ManualClock _clock = new(Start);
    private readonly RecordingQueue _queue = new();
    private readonly TestDnsServer _dns = new();
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-sender-");
    private readonly RSA _dkim = RSA.Create(2048);
    private TlsReportCollector _collector = null!;
    private ServiceProvider _services = null!;
    private MetricRecorder _metrics = null!;

    public async Task InitializeAsync()
    {
        _collector = await TlsReportCollector.StartAsync();
        _dns.AddA(TlsReportCollector.HostName, _collector.Address);
        var key = Path.Combine(_state.FullName, "dkim.key");
        await File.WriteAllTextAsync(key, _dkim.ExportPkcs8PrivateKeyPem());
        var settings = DeliveryHarness.Settings(25, _dns.EndPoint, Path.Combine(_state.FullName, "state"));
        settings["Relay:Reporting:DkimKeyFile"] = key;
        settings["Relay:Reporting:DkimDomain"] = "relay.test";
        settings["Relay:Reporting:OrganizationName"] = "Relay Test Org";
        settings["Relay:Reporting:ContactInfo"] = "mailto:tls-admin@relay.test";
        settings["Relay:Reporting:GiveUpAfter"] = "06:00:00";
        _services = RelayServices.Build(settings, (services, configuration) =>
        {
            services.AddDelivery(configuration);
            services.AddSingleton<IMessageQueue>(_queue);
            services.AddReportSending(configuration);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            services.Replace(ServiceDescriptor.Singleton(provider => new TlsReportPoster(
                provider.GetRequiredService<MxResolver>(), provider.GetRequiredService<CertificateEvaluator>(), [TestPki.Shared.Ca.Certificate])));
        });
        _metrics = new MetricRecorder(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _collector.DisposeAsync();
        _state.Delete(recursive: true);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _dns.Dispose();
        _dkim.Dispose();
    }

    [Fact]
    public async Task SendDue_CollectorDownThenUp_RetriedAfterTheBackoffAndSentOnce()
    {
        Publish($"v=TLSRPTv1; rua={_collector.Url}");
        _collector.Status = 503;
        Accept();

        await Sender.SendDueAsync(CancellationToken.None);
        _collector.Status = 200;
        await Sender.SendDueAsync(CancellationToken.None);
        Assert.Empty(_collector.Posts);

        _clock.Advance(ReportSchedule.FirstBackoff);
        await Sender.SendDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(3));
        await Sender.SendDueAsync(CancellationToken.None);

        Assert.True(_collector.Posts.Count == 1, string.Join("; ", Measured()) + " " + Outbox.All().Single());
        Assert.Equal(TlsReportOutcome.Sent, Outbox.All().Single().Outcome);
        Assert.Equal(["method=https,result=failed", "method=https,result=sent"], Measured());
    }

    [Fact]
    public async Task SendDue_OneDestinationFailsThenRecovers_TheOtherIsNotSentAgain()
    {
        Publish($"v=TLSRPTv1; rua=mailto:reports@partner.test,{_collector.Url}");
        _collector.Status = 503;
        Accept();

        await Sender.SendDueAsync(CancellationToken.None);
        _collector.Status = 200;
        _clock.Advance(ReportSchedule.FirstBackoff);
        await Sender.SendDueAsync(CancellationToken.None);

        Assert.Single(_queue.Committed);
        Assert.Single(_collector.Posts);
        Assert.Equal(TlsReportOutcome.Sent, Outbox.All().Single().Outcome);
    }

    [Fact]
    public async Task SendDue_CollectorNeverRecovers_ExpiredAfterGiveUpAfter()
    {
        Publish($"v=TLSRPTv1; rua={_collector.Url}");
        _collector.Status = 500;
        Accept();

        for (var i = 0; i < 10; i++)
        {
            await Sender.SendDueAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(TlsReportOutcome.Expired, Outbox.All().Single().Outcome);
        Assert.Contains("method=https,result=expired", Measured());
    }

    [Fact]
    public async Task SendDue_MailtoDestination_QueuedSignedAsATlsReport()
    {
        Publish("v=TLSRPTv1; rua=mailto:reports@partner.test");
        Accept();

        await Sender.SendDueAsync(CancellationToken.None);

        var queued = Assert.Single(_queue.Committed);
        Assert.Equal(("tlsrpt@relay.test", "reports@partner.test", true), (queued.Envelope.Sender, Assert.Single(queued.Envelope.Recipients), queued.Envelope.TlsReport));
        Assert.Contains("DKIM-Signature:", queued.Text, StringComparison.Ordinal);
        Assert.Contains("TLS-Required: No", queued.Text, StringComparison.Ordinal);
        Assert.Equal(["method=mailto,result=queued"], Measured());
    }

    [Fact]
    public async Task SendDue_QueueCannotBeWritten_KeptForTheNextTry()
    {
        Publish("v=TLSRPTv1; rua=mailto:reports@partner.test");
        _queue.Failure = QueueFailure.Begin;
        Accept();

        await Sender.SendDueAsync(CancellationToken.None);

        var item = Outbox.All().Single();
        Assert.Null(item.Outcome);
        Assert.Equal(["mailto:reports@partner.test"], item.Remaining);
        Assert.Equal(["method=mailto,result=failed"], Measured());
    }

    [Fact]
    public async Task SendDue_DomainPublishesNoRecord_FinishedWithoutSending()
    {
        Accept();

        await Sender.SendDueAsync(CancellationToken.None);

        Assert.Equal(TlsReportOutcome.NoRecord, Outbox.All().Single().Outcome);
        Assert.Empty(_collector.Posts);
        Assert.Empty(_queue.Committed);
        Assert.Equal(["method=none,result=no-record"], Measured());
    }

    [Fact]
    public async Task SendDue_NotYetDue_NothingSent()
    {
        Publish($"v=TLSRPTv1; rua={_collector.Url}");
        Outbox.Accept([Report()], Start, () => Start.AddHours(2));

        await Sender.SendDueAsync(CancellationToken.None);

        Assert.Empty(_collector.Posts);
    }

    private TlsReportSender Sender => _services.GetRequiredService<TlsReportSender>();

    private TlsReportOutbox Outbox => _services.GetRequiredService<TlsReportOutbox>();

    private void Accept() => Outbox.Accept([Report()], _clock.GetUtcNow(), _clock.GetUtcNow);

    private void Publish(string record) => _dns.AddTxt("_smtp._tls.partner.test", record);

    private IReadOnlyList<string> Measured() =>
        [.. _metrics.Of("strictmail.relay.tlsrpt.reports").Select(m => string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))];

    private static DailyTlsReport Report() =>
        new("2026-12-03_partner.test@relay.test", new DateOnly(2026, 12, 3), "partner.test", [new TlsReportEntry("partner.test", "sts", ["version: STSv1"], ["mx.partner.test"], 1, [])]);
}
