using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dnssec;
using StrictMail.TestSupport.Logging;

namespace StrictMail.Relay.Tests.Delivery.Routing;

/// <summary>The resolver check against a real validating unbound in front of nsd serving a zone signed in the test.</summary>
public sealed class DnssecResolverMonitorTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Zone = new()
    {
        ["partner.test"] = ["@ IN MX 10 mx.partner.test.", "mx IN A 127.0.0.1"],
    };

    [Fact]
    public async Task CheckAsync_ValidatingResolver_ValidatingGaugeOneLoggedOnce()
    {
        await using var lab = await DnssecLab.StartAsync(Zone);
        var (monitor, health, log) = Monitor(lab.Resolver.ToString());

        var verdict = await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(DnssecState.Validating, verdict.State);
        Assert.Equal($"the resolver {lab.Resolver} authenticated partner.test (AD bit set)", verdict.Detail);
        Assert.Equal(1, health.ResolverValidating);
        Assert.Single(log.Entries, e => e.EventId == 2006);
    }

    [Fact]
    public async Task CheckAsync_ResolverWithoutTrustAnchor_NotValidatingLoggedAsError()
    {
        await using var lab = await DnssecLab.StartAsync(Zone, trustAnchors: false);
        var (monitor, health, log) = Monitor(lab.Resolver.ToString());

        var verdict = await monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(DnssecState.NotValidating, verdict.State);
        Assert.Contains("without the AD bit", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, health.ResolverValidating);
        Assert.Contains(log.Entries, e => e.EventId == 2005 && e.Text.Contains(lab.Resolver.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_WrongTrustAnchor_NotValidatingServerFailure()
    {
        await using var lab = await DnssecLab.StartAsync(Zone, wrongAnchors: true);
        var (monitor, health, _) = Monitor(lab.Resolver.ToString());

        var verdict = await monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(DnssecState.NotValidating, verdict.State);
        Assert.Contains("could not resolve the signed check name partner.test", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal(0, health.ResolverValidating);
    }

    [Fact]
    public async Task CheckAsync_OneOfTwoResolversDoesNotValidate_NotValidatingNamingIt()
    {
        await using var good = await DnssecLab.StartAsync(Zone);
        await using var bad = await DnssecLab.StartAsync(Zone, trustAnchors: false);
        var (monitor, _, _) = Monitor(good.Resolver.ToString(), bad.Resolver.ToString());

        var verdict = await monitor.CheckAsync(CancellationToken.None);

        Assert.Equal(DnssecState.NotValidating, verdict.State);
        Assert.Contains($"the resolver {bad.Resolver} answered partner.test without the AD bit", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NotValidating_ChecksAgainAfterTheRetryIntervalNotTheCheckInterval()
    {
        await using var lab = await DnssecLab.StartAsync(Zone, trustAnchors: false);
        var options = Options.Create(new DeliveryOptions
        {
            DnssecResolvers = [lab.Resolver.ToString()],
            DnssecCheckName = "partner.test",
            DnssecCheckInterval = TimeSpan.FromHours(1),
            DnssecRetryInterval = TimeSpan.FromMilliseconds(200),
        });
        var log = new RecordingLogger<DnssecResolverMonitor>();
        using var monitor = new DnssecResolverMonitor(options, new DnssecHealth(options), TimeProvider.System, log);

        await monitor.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => log.Entries.Count(e => e.EventId == 2005) >= 3, "three checks within seconds, not one an hour");
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Health_NoResolvers_NotConfiguredNoGauge()
    {
        var health = new DnssecHealth(Options.Create(new DeliveryOptions()));

        Assert.Equal(DnssecState.NotConfigured, health.Verdict.State);
        Assert.Null(health.ResolverValidating);
    }

    private static (DnssecResolverMonitor Monitor, DnssecHealth Health, RecordingLogger<DnssecResolverMonitor> Log) Monitor(params string[] resolvers)
    {
        var options = Options.Create(new DeliveryOptions { DnssecResolvers = [.. resolvers], DnssecCheckName = "partner.test", DnsTimeout = TimeSpan.FromSeconds(3) });
        var health = new DnssecHealth(options);
        var log = new RecordingLogger<DnssecResolverMonitor>();
        return (new DnssecResolverMonitor(options, health, TimeProvider.System, log), health, log);
    }
}
