using System.Net;
using k8s.Autorest;
using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Resources;

public sealed class LeaseTests
{
    private static V1Lease Lease(string holder) => new()
    {
        Metadata = new V1ObjectMeta { Name = "strictmail-operator", NamespaceProperty = Clients.Namespace },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
    };

    [Fact]
    public async Task CreateLease_Twice_SecondCandidateGets409AlreadyExists()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("pod-a"), Clients.Namespace);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("pod-b"), Clients.Namespace));

        Assert.Equal("pod-a", created.Spec.HolderIdentity);
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task ReplaceLease_Renew_KeepsHolderAndGrowsResourceVersion()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("pod-a"), Clients.Namespace);

        lease.Spec.RenewTime = DateTime.UtcNow.AddSeconds(5);
        var renewed = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, Clients.Namespace);
        var read = await client.CoordinationV1.ReadNamespacedLeaseAsync(lease.Metadata.Name, Clients.Namespace);

        Assert.True(Clients.Rv(renewed) > Clients.Rv(lease));
        Assert.Equal("pod-a", read.Spec.HolderIdentity);
        Assert.Equal(renewed.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ReplaceLease_TwoCandidatesFromSameVersion_SecondGets409Conflict()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("pod-a"), Clients.Namespace);
        var seenByB = await client.CoordinationV1.ReadNamespacedLeaseAsync("strictmail-operator", Clients.Namespace);
        var seenByC = await client.CoordinationV1.ReadNamespacedLeaseAsync("strictmail-operator", Clients.Namespace);

        seenByB.Spec.HolderIdentity = "pod-b";
        seenByC.Spec.HolderIdentity = "pod-c";
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(seenByB, "strictmail-operator", Clients.Namespace);
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => client.CoordinationV1.ReplaceNamespacedLeaseAsync(seenByC, "strictmail-operator", Clients.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var read = await client.CoordinationV1.ReadNamespacedLeaseAsync("strictmail-operator", Clients.Namespace);
        Assert.Equal("pod-b", read.Spec.HolderIdentity);
    }
}
