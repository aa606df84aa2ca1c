using System.Diagnostics;
using StrictMail.FakeKube;
using StrictMail.Operator.Runtime.Leadership;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Runtime.Leadership;

public sealed class LeaderElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(1);

    private static LeaderElectionOptions Options(string identity) => new()
    {
        Name = "strictmail-operator",
        Namespace = "strictmail-system",
        Identity = identity,
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private static string? Holder(FakeKubeServer server) =>
        (string?)server.Find("coordination.k8s.io/v1", "Lease", "strictmail-system", "strictmail-operator")?["spec"]?["holderIdentity"];

    [Fact]
    public async Task TwoCandidates_ExactlyOneLeaderAtATime()
    {
        await using var server = await FakeKubeServer.StartAsync();
        await using var a = new Candidate(server.Url, Options("elector-a"));
        await using var b = new Candidate(server.Url, Options("elector-b"));

        await Eventually.WaitAsync(() => a.IsLeader || b.IsLeader, "one candidate leads", TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            Assert.False(a.IsLeader && b.IsLeader, "both candidates lead at once");
            await Task.Delay(10);
        }

        Assert.True(a.IsLeader ^ b.IsLeader);
        Assert.Equal(a.IsLeader ? "elector-a" : "elector-b", Holder(server));
    }

    [Fact]
    public async Task WaitForLeadership_CompletesOnlyForTheLeader()
    {
        await using var server = await FakeKubeServer.StartAsync();
        await using var a = new Candidate(server.Url, Options("elector-a"));
        await a.Election.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(a.IsLeader);

        await using var b = new Candidate(server.Url, Options("elector-b"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.Election.WaitForLeadershipAsync(timeout.Token));
        Assert.False(b.IsLeader);
    }

    [Fact]
    public async Task GracefulStop_ReleasesLease_SuccessorTakesOverFast()
    {
        await using var server = await FakeKubeServer.StartAsync();
        await using var a = new Candidate(server.Url, Options("elector-a"));
        await Eventually.WaitAsync(() => a.IsLeader, "a leads", TimeSpan.FromSeconds(10));
        await using var b = new Candidate(server.Url, Options("elector-b"));
        await Task.Delay(500);
        Assert.False(b.IsLeader);

        var stopped = Stopwatch.StartNew();
        await a.StopAsync();
        Assert.False(a.IsLeader);
        Assert.Contains(a.Log.Entries, e => e.Id == LeadershipLog.ReleasedId);

        // Released: b need not wait out the lease (2 s after its last observed renewal).
        await Eventually.WaitAsync(() => b.IsLeader, "b takes over", LeaseDuration);
        Assert.True(stopped.Elapsed < LeaseDuration, $"takeover took {stopped.Elapsed}");
        Assert.Equal("elector-b", Holder(server));
    }

    [Fact]
    public async Task RenewalsFail_LeaderStepsDownBeforeLeaseExpires_OtherTakesOver()
    {
        await using var server = await FakeKubeServer.StartAsync();
        await using var a = new Candidate(server.Url, Options("elector-a"));
        await Eventually.WaitAsync(() => a.IsLeader, "a leads", TimeSpan.FromSeconds(10));
        await using var b = new Candidate(server.Url, Options("elector-b"));
        await Task.Delay(500);

        server.Faults.FailNext(100_000, 500, r => r.Method == "PUT" && r.Path.Contains("/leases/", StringComparison.Ordinal)
            && r.Query.Contains("fieldManager=elector-a", StringComparison.Ordinal));
        var watch = Stopwatch.StartNew();
        while (!b.IsLeader && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.False(a.IsLeader && b.IsLeader, "both candidates lead at once");
            await Task.Delay(10);
        }

        Assert.True(b.IsLeader, "b took over");
        Assert.False(a.IsLeader);
        Assert.NotNull(a.LostAt);
        Assert.NotNull(b.BecameAt);

        // On a loaded machine a may not even get to try a renewal before its deadline; it then steps down
        // without a failure logged. When it did fail, it stepped down well before the lease could expire
        // (the renew deadline is counted from the last success, before the first failure; a late timer on
        // a busy machine may add a little, so the bound is the lease duration, the safety limit itself).
        if (a.Log.First(LeadershipLog.RenewFailedId) is { } firstFailure)
        {
            Assert.True(Stopwatch.GetElapsedTime(firstFailure, a.LostAt.Value) < LeaseDuration, "a stepped down before its lease could expire");
        }

        Assert.True(a.LostAt < b.BecameAt, "a stepped down before b took over");
        server.Faults.Clear();
    }

    [Fact]
    public async Task RenewalsHang_LeaderStepsDownAtTheDeadline_NotWhenTheRequestReturns()
    {
        await using var server = await FakeKubeServer.StartAsync();
        await using var a = new Candidate(server.Url, Options("elector-a"));
        await Eventually.WaitAsync(() => a.IsLeader, "a leads", TimeSpan.FromSeconds(10));
        await using var b = new Candidate(server.Url, Options("elector-b"));
        await Task.Delay(500);

        server.Faults.DelayNext(100_000, TimeSpan.FromSeconds(4), r => r.Method == "PUT" && r.Path.Contains("/leases/", StringComparison.Ordinal)
            && r.Query.Contains("fieldManager=elector-a", StringComparison.Ordinal));
        var armed = Stopwatch.GetTimestamp();
        await Eventually.WaitAsync(() => b.IsLeader, "b took over", TimeSpan.FromSeconds(10));

        Assert.False(a.IsLeader);
        Assert.NotNull(a.LostAt);
        Assert.True(Stopwatch.GetElapsedTime(armed, a.LostAt.Value) < RenewDeadline + TimeSpan.FromMilliseconds(500), "a stepped down at its renew deadline");
        Assert.True(a.LostAt < b.BecameAt, "a stepped down before b took over");
        server.Faults.Clear();
    }
}
