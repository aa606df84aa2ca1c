using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Resources;

/// <summary>The official client's LeaderElector on a Lease, with two candidates.</summary>
public sealed class LeaderElectionTests
{
    private static LeaderElector Candidate(Kubernetes client, string identity) =>
        new(new LeaderElectionConfig(new LeaseLock(client, Clients.Namespace, "strictmail-operator", identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(5),
            RenewDeadline = TimeSpan.FromSeconds(3),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });

    [Fact]
    public async Task LeaderElector_TwoCandidates_OnlyOneLeadsAndTheLeaseNamesIt()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        using var first = Candidate(client, "pod-a");
        using var second = Candidate(client, "pod-b");
        var leaders = new System.Collections.Concurrent.ConcurrentBag<string>();
        first.OnStartedLeading += () => leaders.Add("pod-a");
        second.OnStartedLeading += () => leaders.Add("pod-b");
        using var stop = new CancellationTokenSource();

        var running = Task.WhenAll(first.RunAndTryToHoldLeadershipForeverAsync(stop.Token), Task.Delay(300).ContinueWith(_ => second.RunAndTryToHoldLeadershipForeverAsync(stop.Token), TaskScheduler.Default).Unwrap());
        await Task.Delay(1500);
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("strictmail-operator", Clients.Namespace);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(["pod-a"], leaders);
        Assert.Equal("pod-a", lease.Spec.HolderIdentity);
    }
}
