using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.FakeKube;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Events;
using StrictMail.Operator.Tests.Runtime.Watching;

namespace StrictMail.Operator.Tests.Runtime.Events;

public sealed class EventRecorderTests
{
    private static TlsPolicy Policy() => new()
    {
        ApiVersion = TlsPolicy.GroupVersion,
        Kind = TlsPolicy.EntityKind,
        Metadata = new V1ObjectMeta { Name = "bank", NamespaceProperty = "mail", Uid = "1f0c7a52-0000-4000-8000-000000000001", ResourceVersion = "7" },
    };

    private static List<JsonObject> StoredEvents(Kubernetes client)
    {
        var list = client.EventsV1.ListNamespacedEvent("mail");
        return [.. list.Items.Select(e => JsonNode.Parse(KubernetesJson.Serialize(e))!.AsObject())];
    }

    [Fact]
    public async Task Record_WritesEventAboutThePolicy()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        using var recorder = new EventRecorder(client, "operator-pod-0", new EventRecorderLog(new EventIdLogger(new ConcurrentQueue<int>())));

        await recorder.WarningAsync(Policy(), "InvalidDomain", "domain 'x' is not a DNS name");

        var stored = Assert.Single(StoredEvents(client));
        Assert.Equal("TlsPolicy", (string?)stored["regarding"]!["kind"]);
        Assert.Equal("bank", (string?)stored["regarding"]!["name"]);
        Assert.Equal("mail", (string?)stored["regarding"]!["namespace"]);
        Assert.Equal(TlsPolicy.GroupVersion, (string?)stored["regarding"]!["apiVersion"]);
        Assert.Equal("InvalidDomain", (string?)stored["reason"]);
        Assert.Equal("Warning", (string?)stored["type"]);
        Assert.Equal("domain 'x' is not a DNS name", (string?)stored["note"]);
        Assert.Equal("strictmail.io/operator", (string?)stored["reportingController"]);
        Assert.Equal("operator-pod-0", (string?)stored["reportingInstance"]);
    }

    [Fact]
    public async Task Record_SameEventTwice_OneObjectWithSeriesCount2()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        using var recorder = new EventRecorder(client, "operator-pod-0", new EventRecorderLog(new EventIdLogger(new ConcurrentQueue<int>())));

        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        await recorder.NormalAsync(Policy(), "Compiled", "another note");

        var stored = StoredEvents(client);
        Assert.Equal(2, stored.Count);
        var repeated = Assert.Single(stored, e => (string?)e["note"] == "policy compiled");
        Assert.Equal(2, (int?)repeated["series"]!["count"]);
        Assert.Null(Assert.Single(stored, e => (string?)e["note"] == "another note")["series"]);
    }

    [Fact]
    public async Task Record_ServerFails_DoesNotThrow_LogsAndRecoversLater()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var ids = new ConcurrentQueue<int>();
        using var recorder = new EventRecorder(client, "operator-pod-0", new EventRecorderLog(new EventIdLogger(ids)));

        server.Faults.FailNext(1, 500, r => r.IsWrite);
        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        Assert.Contains(EventRecorderLog.RecordFailedId, ids);
        Assert.Empty(StoredEvents(client));

        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        Assert.Single(StoredEvents(client));
    }

    [Fact]
    public async Task Record_AggregatedEventDeleted_CreatesANewOne()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        using var recorder = new EventRecorder(client, "operator-pod-0", new EventRecorderLog(new EventIdLogger(new ConcurrentQueue<int>())));

        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        var first = Assert.Single(StoredEvents(client));
        await client.EventsV1.DeleteNamespacedEventAsync((string)first["metadata"]!["name"]!, "mail");

        await recorder.NormalAsync(Policy(), "Compiled", "policy compiled");
        var again = Assert.Single(StoredEvents(client));
        Assert.NotEqual((string?)first["metadata"]!["name"], (string?)again["metadata"]!["name"]);
    }
}
