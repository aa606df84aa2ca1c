using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Smtp;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// Memory is bounded by configuration, not by history: ten thousand destinations and a hundred
/// policy reloads later, the pool holds at most MaxIdleConnections sessions, the destination
/// limiter holds nothing, and no retired policy document is kept alive by the delivery path.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DeliveryBoundsTests
{
    private const int Destinations = 10_000;
    private const int Reloads = 100;
    private const int MaxIdle = 50;

    // The fake MX answers a transaction in about 20 ms of mostly waiting: many at once keep the test short.
    private const int Parallelism = 32;

    [Fact]
    public async Task Deliver_TenThousandDestinationsAndHundredReloads_PoolAndLimiterStayBounded()
    {
        await using var scenario = DeliveryScenario.Start(
            new FakeMxOptions { OfferStartTls = false },
            new Dictionary<string, string?> { ["Relay:Delivery:MaxIdleConnections"] = MaxIdle.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        for (var i = 0; i < Destinations; i++)
        {
            scenario.Dns.AddMx($"d{i}.test", 10, $"mx{i}.d{i}.test");
            scenario.Dns.AddA($"mx{i}.d{i}.test", scenario.Mx.EndPoint.Address);
        }

        var pool = scenario.Harness.Get<ConnectionPool>();
        var limiter = scenario.Harness.Get<DestinationLimiter>();
        var first = FirstPolicyDelivered(scenario);
        var peakIdle = 0;
        for (var reload = 1; reload < Reloads; reload++)
        {
            // A reload makes a new policy object, as the policy file watcher does.
            var policy = DeliveryScenario.Policy(TlsLevel.Opportunistic, "mail/default") with { Domains = ["*"] };
            var batch = Enumerable.Range(reload * Destinations / Reloads, Destinations / Reloads);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
            {
                var outcome = await scenario.Harness.Engine.DeliverAsync(TestMessages.To($"d{i}.test", "alice"), policy, CancellationToken.None);
                Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
            });
            peakIdle = Math.Max(peakIdle, pool.IdleCount);
        }

        Assert.Equal(Destinations, scenario.Mx.TransactionCount);
        Assert.InRange(peakIdle, 1, MaxIdle);
        Assert.InRange(pool.KeyCount, 1, MaxIdle);
        Assert.Equal(0, limiter.DestinationCount);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(first.IsAlive, "the first policy object is still referenced after 99 reloads");
    }

    // In its own method, so no local of the test keeps the first policy alive.
    private static WeakReference FirstPolicyDelivered(DeliveryScenario scenario)
    {
        var policy = DeliveryScenario.Policy(TlsLevel.Opportunistic, "mail/default") with { Domains = ["*"] };
        var batch = Enumerable.Range(0, Destinations / Reloads);
        Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
            await scenario.Harness.Engine.DeliverAsync(TestMessages.To($"d{i}.test", "alice"), policy, CancellationToken.None)).GetAwaiter().GetResult();
        return new WeakReference(policy);
    }
}
