using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Telemetry;
using StrictMail.Operator.Tests.Compilation;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>One scheduler round at a time against a loopback MX; status writes go to a closed loopback port and fail (logged).</summary>
public sealed class ProbeSchedulerTests : IAsyncDisposable
{
    private readonly TestDnsServer _dns = new();
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly OperatorMetrics _metrics = new();
    private readonly ExpiryGaugeListener _gauge = new();
    private readonly string _name = "gated-" + Guid.NewGuid().ToString("N")[..8];
    private FakeMxServer? _mx;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private bool _leading;

    public async ValueTask DisposeAsync()
    {
        if (_mx is not null)
        {
            await _mx.DisposeAsync();
        }

        _certificate?.Dispose();
        _gauge.Dispose();
        _metrics.Dispose();
        _client.Dispose();
        _dns.Dispose();
    }

    private string Key => "mail/" + _name;

    private (ProbeScheduler Scheduler, ListStore Store) Start()
    {
        _certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.gated.test", TimeSpan.FromDays(30));
        _mx = new FakeMxServer(new FakeMxOptions { Certificate = _certificate });
        _dns.AddMx("gated.test", 10, "mx.gated.test");
        _dns.AddA("mx.gated.test", _mx.EndPoint.Address);
        var options = new ProbeOptions { Interval = TimeSpan.FromHours(6), Port = _mx.EndPoint.Port, DnsServers = [_dns.EndPoint], Timeout = TimeSpan.FromSeconds(5) };
        var policy = PolicyFactory.Make(_name, "Encrypt", "gated.test");
        policy.Metadata.Generation = 1;
        policy.Status = new TlsPolicyStatus { Conditions = [new V1Condition { Type = PolicyConditionTypes.Accepted, Status = "True", Reason = "Valid", Message = "ok" }] };
        var scheduler = new ProbeScheduler(
            new MxCertificateProbe(options, TimeProvider.System), () => _leading, _client, options, TimeProvider.System, new ProbeLog(NullLogger.Instance), metrics: _metrics);
        return (scheduler, new ListStore(policy));
    }

    private int Sessions => _mx!.Commands.Count(c => c.StartsWith("EHLO", StringComparison.Ordinal));

    [Fact]
    public async Task RoundAsync_NotLeading_ProbesNothing()
    {
        var (scheduler, store) = Start();

        await scheduler.RoundAsync(store, CancellationToken.None);

        Assert.Equal(0, Sessions);
        Assert.Empty(_gauge.Observe(Key));
    }

    [Fact]
    public async Task RoundAsync_Leading_ProbesOnceAndReportsTheCertificate()
    {
        var (scheduler, store) = Start();
        _leading = true;

        await scheduler.RoundAsync(store, CancellationToken.None);
        await scheduler.RoundAsync(store, CancellationToken.None);

        Assert.Equal(1, Sessions); // the second round finds this generation probed moments ago
        var series = Assert.Single(_gauge.Observe(Key));
        Assert.Equal("mx.gated.test", series.Mx);
        Assert.InRange(series.Seconds, TimeSpan.FromDays(30).TotalSeconds - 60, TimeSpan.FromDays(30).TotalSeconds);
    }

    [Fact]
    public async Task RoundAsync_LeadershipLost_GaugeReportsNothing()
    {
        var (scheduler, store) = Start();
        _leading = true;
        await scheduler.RoundAsync(store, CancellationToken.None);

        _leading = false;
        await scheduler.RoundAsync(store, CancellationToken.None);

        Assert.Empty(_gauge.Observe(Key));
    }

    [Fact]
    public async Task RoundAsync_PolicyGone_ItsSeriesDisappear()
    {
        var (scheduler, store) = Start();
        _leading = true;
        await scheduler.RoundAsync(store, CancellationToken.None);

        await scheduler.RoundAsync(new ListStore(), CancellationToken.None);

        Assert.Empty(_gauge.Observe(Key));
    }
}
