using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Resources;

public sealed class EventTests
{
    private static readonly V1ObjectReference Policy = new()
    {
        ApiVersion = "strictmail.io/v1alpha1", Kind = "TlsPolicy", Name = "bank", NamespaceProperty = Clients.Namespace,
    };

    [Fact]
    public async Task CreateEventsV1_GenerateName_IsStoredAndListed()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var created = await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "bank.", NamespaceProperty = Clients.Namespace },
            EventTime = DateTime.UtcNow,
            Type = "Normal",
            Reason = "Applied",
            Action = "Reconcile",
            Note = "every relay applied revision r1",
            ReportingController = "strictmail.io/operator",
            ReportingInstance = "pod-a",
            Regarding = Policy,
        }, Clients.Namespace);
        var listed = await client.EventsV1.ListNamespacedEventAsync(Clients.Namespace);

        Assert.StartsWith("bank.", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("Applied", Assert.Single(listed.Items).Reason);
    }

    [Fact]
    public async Task CreateCoreV1Event_InvolvedObject_RoundTrips()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "bank.1", NamespaceProperty = Clients.Namespace },
            InvolvedObject = Policy,
            Type = "Warning",
            Reason = "DomainConflict",
            Message = "bank.example is claimed by an older policy",
        }, Clients.Namespace);
        var read = await client.CoreV1.ReadNamespacedEventAsync("bank.1", Clients.Namespace);

        Assert.Equal("TlsPolicy", read.InvolvedObject.Kind);
        Assert.Equal("DomainConflict", read.Reason);
    }
}
