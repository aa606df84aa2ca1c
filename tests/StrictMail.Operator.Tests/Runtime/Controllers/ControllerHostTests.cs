using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Leadership;
using StrictMail.Operator.Tests.Runtime.Watching;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Runtime.Controllers;

public sealed class ControllerHostTests
{
    private const string Ns = "mail";

    private static LeaderElectionOptions Election(string identity) => new()
    {
        Name = "strictmail-operator",
        Namespace = "strictmail-system",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private static string Key(string name) => $"{Ns}/{name}";

    private static ControllerCall? LastOf(IReadOnlyList<ControllerCall> calls) => calls.Count == 0 ? null : calls[^1];

    private static TimeSpan Between(long from, long to) => Stopwatch.GetElapsedTime(from, to);

    private static async Task SetDomainAsync(WatchHarness harness, string name, string domain) =>
        await harness.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["domains"] = new JsonArray(domain) } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            TlsPolicy.Group, TlsPolicy.Version, Ns, TlsPolicy.Plural, name);

    [Fact]
    public async Task RunAsync_ObjectsExistOrAreCreated_EachReconciledWithItsLatestState()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "before");
        await using var host = await RunningHost.StartAsync(harness.Server.Url);
        harness.Create(Ns, "after");
        await harness.LabelAsync(Ns, "after", "2");

        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("before")).Count > 0, "the existing object is reconciled");
        await Eventually.WaitAsync(() => LastOf(host.Controller.CallsFor(Key("after")))?.Revision == "2", "the created object is reconciled at its latest state");
        Assert.Equal("example.com", host.Controller.CallsFor(Key("before"))[0].Domain);
        Assert.DoesNotContain(host.Controller.Calls, c => c.Deleted);
    }

    [Fact]
    public async Task RunAsync_QuickUpdatesDuringAReconciliation_MergeIntoOneCallWithTheLastSpec()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "bank");
        await using var host = await RunningHost.StartAsync(harness.Server.Url, setUp: c => c.Hold(Key("bank")));
        await Eventually.WaitAsync(() => host.Controller.Calls.Count == 1, "the first reconciliation started");

        const int updates = 10;
        for (var i = 1; i <= updates; i++)
        {
            await SetDomainAsync(harness, "bank", $"d{i}.example");
        }

        await Eventually.WaitAsync(
            () => host.Host.Items.Any(p => p.Spec.Domains.SequenceEqual([$"d{updates}.example"])), "the host saw the last update");
        host.Controller.Release(Key("bank"));
        await Eventually.WaitAsync(() => LastOf(host.Controller.CallsFor(Key("bank")))?.Domain == $"d{updates}.example", "a reconciliation sees the last spec");
        await Task.Delay(300);

        var calls = host.Controller.CallsFor(Key("bank"));
        Assert.Equal(2, calls.Count);
        Assert.Equal($"d{updates}.example", calls[^1].Domain);
    }

    [Fact]
    public async Task RunAsync_FourWorkersAndBusyObjects_NeverTwoCallsForOneObjectButObjectsInParallel()
    {
        await using var harness = await WatchHarness.StartAsync();
        string[] names = ["a", "b", "c", "d"];
        foreach (var name in names)
        {
            harness.Create(Ns, name);
        }

        await using var host = await RunningHost.StartAsync(
            harness.Server.Url, RunningHost.Options(workers: 4), setUp: c => c.Duration = TimeSpan.FromMilliseconds(100));
        for (var round = 0; round < 15; round++)
        {
            host.Host.RequeueAll();
            await harness.LabelAsync(Ns, names[round % names.Length], $"{round}");
            await Task.Delay(20);
        }

        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("c")).Any(c => c.Revision == "14"), "the last update is reconciled");
        Assert.Equal(1, host.Controller.MaxPerObject);
        Assert.True(host.Controller.MaxRunning >= 2, $"at most {host.Controller.MaxRunning} reconciliation ran at a time");
        Assert.All(names, n => Assert.True(host.Controller.CallsFor(Key(n)).Count >= 2, $"{n} was reconciled again"));
    }

    [Fact]
    public async Task ReconcileAsync_ThrowsFourTimes_RetriedWithGrowingDelaysThenStops()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "flaky");
        await using var host = await RunningHost.StartAsync(harness.Server.Url, setUp: c => c.FailReconciles(4));

        await Eventually.WaitAsync(() => host.Controller.Calls.Count >= 5, "four retries followed the first failure");
        await Task.Delay(1_000); // the next backoff would be 800 ms

        var calls = host.Controller.CallsFor(Key("flaky"));
        Assert.Equal(5, calls.Count);
        for (var i = 1; i < calls.Count; i++)
        {
            // RetryBase 50 ms, doubled per failure: 50, 100, 200, 400 (timers never fire early; allow clock granularity).
            var expected = TimeSpan.FromMilliseconds(50 << (i - 1));
            var gap = Between(calls[i - 1].At, calls[i].At);
            Assert.True(gap >= expected - TimeSpan.FromMilliseconds(10), $"retry {i} came after {gap.TotalMilliseconds:F0} ms, expected at least {expected.TotalMilliseconds} ms");
        }

        Assert.True(Between(calls[3].At, calls[4].At) > Between(calls[0].At, calls[1].At) * 2, "the delays grew");
    }

    [Fact]
    public async Task ReconcileAsync_ReturnsRequeue_CalledAgainAfterTheDelayButDoneIsNot()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "waiting");
        harness.Create(Ns, "done");
        var delay = TimeSpan.FromMilliseconds(400);
        await using var host = await RunningHost.StartAsync(
            harness.Server.Url,
            setUp: c => c.Result = p => p.Metadata.Name == "waiting" ? ReconcileResult.Requeue(delay) : ReconcileResult.Done);

        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("waiting")).Count >= 3, "the requeued object came back twice");

        var calls = host.Controller.CallsFor(Key("waiting"));
        for (var i = 1; i < 3; i++)
        {
            var gap = Between(calls[i - 1].At, calls[i].At);
            Assert.True(gap >= delay - TimeSpan.FromMilliseconds(10) && gap < delay * 4, $"requeue {i} came after {gap.TotalMilliseconds:F0} ms");
        }

        Assert.Single(host.Controller.CallsFor(Key("done")));
    }

    [Fact]
    public async Task RunAsync_ObjectDeleted_DeletedAsyncOnceWithItsLastState()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "gone");
        await using var host = await RunningHost.StartAsync(harness.Server.Url);
        await harness.LabelAsync(Ns, "gone", "last");
        await Eventually.WaitAsync(() => LastOf(host.Controller.CallsFor(Key("gone")))?.Revision == "last", "the last state is reconciled");

        await harness.DeleteAsync(Ns, "gone");
        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("gone"), deleted: true).Count > 0, "DeletedAsync is called");
        host.Host.RequeueAll();
        await Task.Delay(300);

        var deleted = Assert.Single(host.Controller.CallsFor(Key("gone"), deleted: true));
        Assert.Equal("last", deleted.Revision);
        Assert.DoesNotContain(host.Controller.CallsFor(Key("gone")), c => c.At > deleted.At);
    }

    [Fact]
    public async Task DeletedAsync_ThrowsTwice_RetriedWithBackoffUntilItSucceeds()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "gone");
        await using var host = await RunningHost.StartAsync(harness.Server.Url, setUp: c => c.FailDeletes(2));
        await Eventually.WaitAsync(() => host.Controller.Calls.Count == 1, "the object is reconciled");

        await harness.DeleteAsync(Ns, "gone");
        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("gone"), deleted: true).Count >= 3, "DeletedAsync is retried until it succeeds");
        await Task.Delay(500); // the next backoff would be 200 ms

        var calls = host.Controller.CallsFor(Key("gone"), deleted: true);
        Assert.Equal(3, calls.Count);
        Assert.True(Between(calls[0].At, calls[1].At) >= TimeSpan.FromMilliseconds(40));
        Assert.True(Between(calls[1].At, calls[2].At) >= TimeSpan.FromMilliseconds(90));
        Assert.Single(host.Controller.CallsFor(Key("gone")));
    }

    [Fact]
    public async Task DeletedAsync_ReturnsRequeue_CalledAgainWithTheLastStateAfterTheDelay()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "gone");
        var delay = TimeSpan.FromMilliseconds(300);
        var requeues = 1;
        await using var host = await RunningHost.StartAsync(
            harness.Server.Url,
            setUp: c => c.DeletedResult = _ => Interlocked.Decrement(ref requeues) >= 0 ? ReconcileResult.Requeue(delay) : ReconcileResult.Done);
        await harness.LabelAsync(Ns, "gone", "last");
        await Eventually.WaitAsync(() => LastOf(host.Controller.CallsFor(Key("gone")))?.Revision == "last", "the last state is reconciled");

        await harness.DeleteAsync(Ns, "gone");
        await Eventually.WaitAsync(() => host.Controller.CallsFor(Key("gone"), deleted: true).Count >= 2, "the requeued DeletedAsync comes back");
        await Task.Delay(600);

        var calls = host.Controller.CallsFor(Key("gone"), deleted: true);
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("last", c.Revision));
        Assert.True(Between(calls[0].At, calls[1].At) >= delay - TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task RunAsync_ResyncPeriod_ReconcilesUnchangedObjectsAgain()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "a");
        harness.Create(Ns, "b");
        var writes = harness.Server.Requests.Count(r => r.IsWrite);
        await using var host = await RunningHost.StartAsync(harness.Server.Url, RunningHost.Options(resync: TimeSpan.FromMilliseconds(300)));

        await Eventually.WaitAsync(
            () => host.Controller.CallsFor(Key("a")).Count >= 3 && host.Controller.CallsFor(Key("b")).Count >= 3, "both objects are resynced twice");
        Assert.Equal(writes, harness.Server.Requests.Count(r => r.IsWrite));
    }

    [Fact]
    public async Task RunAsync_TwoHostsWithElection_OnlyTheLeaderReconcilesAndTheSuccessorReconcilesEverything()
    {
        await using var harness = await WatchHarness.StartAsync();
        string[] names = ["a", "b", "c"];
        foreach (var name in names)
        {
            harness.Create(Ns, name);
        }

        await using var first = await RunningHost.StartAsync(harness.Server.Url, election: Election("host-1"));
        await using var second = await RunningHost.StartAsync(harness.Server.Url, election: Election("host-2"));
        await Eventually.WaitAsync(() => first.IsLeader || second.IsLeader, "one host leads", TimeSpan.FromSeconds(5));
        var (leader, follower) = first.IsLeader ? (first, second) : (second, first);
        await Eventually.WaitAsync(() => names.All(n => leader.Controller.CallsFor(Key(n)).Count > 0), "the leader reconciles every object");

        await harness.LabelAsync(Ns, "b", "2");
        await Eventually.WaitAsync(() => leader.Controller.CallsFor(Key("b")).Any(c => c.Revision == "2"), "the leader reconciles the change");
        await Task.Delay(300);
        Assert.Empty(follower.Controller.Calls);

        await leader.StopAsync();
        var stopped = leader.Controller.Calls.Count;
        await Eventually.WaitAsync(() => names.All(n => follower.Controller.CallsFor(Key(n)).Count > 0), "the successor reconciles every object", TimeSpan.FromSeconds(5));

        Assert.True(follower.IsLeader);
        Assert.Equal(stopped, leader.Controller.Calls.Count);
        Assert.Equal("2", follower.Controller.CallsFor(Key("b"))[^1].Revision);
        Assert.Single(follower.BecameLeaderAt);
        Assert.Equal(0, follower.Controller.CallsNotLeading);
        Assert.Equal(0, leader.Controller.CallsNotLeading);
    }

    [Fact]
    public async Task RunAsync_LeaseTakenDuringAReconciliation_CancelsItAndReconcilesEverythingWhenLeadingAgain()
    {
        await using var harness = await WatchHarness.StartAsync();
        harness.Create(Ns, "slow");
        harness.Create(Ns, "quick");
        await using var host = await RunningHost.StartAsync(harness.Server.Url, election: Election("host-1"), setUp: c => c.Hold(Key("slow")));
        await Eventually.WaitAsync(() => host.IsLeader, "the host leads");
        await Eventually.WaitAsync(
            () => host.Controller.CallsFor(Key("slow")).Count > 0 && host.Controller.CallsFor(Key("quick")).Count > 0, "both objects are being reconciled");

        // Another holder writes the lease: the next renewal sees it and steps down at once.
        var patch = new JsonObject { ["spec"] = new JsonObject { ["holderIdentity"] = "thief", ["renewTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture) } };
        await harness.Client.CoordinationV1.PatchNamespacedLeaseAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), "strictmail-operator", "strictmail-system");

        await Eventually.WaitAsync(() => host.Controller.Cancelled.Any(c => c.Key == Key("slow")), "the reconciliation in flight is cancelled", TimeSpan.FromSeconds(3));
        Assert.False(host.IsLeader);
        var lost = Assert.Single(host.LostLeadershipAt);
        Assert.True(host.Controller.Cancelled.Single().At >= lost, "cancelled only once leadership was lost");
        host.Controller.Release(Key("slow"));

        // The thief never renews: after the lease duration the host leads again and reconciles every object, changed or not.
        await Eventually.WaitAsync(() => host.BecameLeaderAt.Count == 2, "the host leads again", TimeSpan.FromSeconds(6));
        await Eventually.WaitAsync(
            () => host.Controller.CallsFor(Key("slow")).Any(c => c.At > lost) && host.Controller.CallsFor(Key("quick")).Any(c => c.At > lost),
            "every object is reconciled again");
        Assert.Equal(0, host.Controller.CallsNotLeading);
    }
}
