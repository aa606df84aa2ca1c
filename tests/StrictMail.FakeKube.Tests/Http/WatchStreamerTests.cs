using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class WatchStreamerTests
{
    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterEventsInOrder()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", "b"), "a", Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("b"), Clients.Namespace);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", Clients.Namespace);

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, first.Metadata.ResourceVersion, cancellationToken: ct), 3);

        Assert.Equal(
            ["Modified a", "Added b", "Deleted a"],
            events.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));
        var versions = events.Select(e => Clients.Rv(e.Object)).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithAddedForExisting()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, cancellationToken: ct), 1);

        Assert.Equal(WatchEventType.Added, events[0].Type);
        Assert.Equal("a", events[0].Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_LiveChange_ArrivesWhileStreamIsOpen()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var rv = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);

        var watching = Watches.TakeAsync(ct => Watches.ConfigMaps(client, rv, cancellationToken: ct), 1);
        await Task.Delay(100);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("live"), Clients.Namespace);

        var events = await watching;
        Assert.Equal("live", Assert.Single(events).Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_CompactedResourceVersion_GetsInStream410Expired()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var old = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("b"), Clients.Namespace);
        server.Faults.CompactHistory();
        var errors = new List<Exception>();

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, old.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: ct), 1);

        Assert.Empty(events);
        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
    }

    [Fact]
    public async Task Watch_HistoryCapacityExceeded_OldestResourceVersionGets410()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeOptions { HistoryCapacity = 2 });
        using var client = Clients.For(server);
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        for (var i = 0; i < 3; i++)
        {
            await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", $"v{i}"), "a", Clients.Namespace);
        }

        var errors = new List<Exception>();
        await Watches.TakeAsync(ct => Watches.ConfigMaps(client, first.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: ct), 1);

        Assert.Equal(410, Assert.IsType<KubernetesException>(Assert.Single(errors)).Status.Code);
    }

    [Fact]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarkWithCurrentResourceVersion()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        var rv = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, rv, bookmarks: true, cancellationToken: ct), 1);

        var bookmark = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal(rv, bookmark.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_LabelSelector_DeliversOnlyMatchingObjects()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var rv = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("other", labels: new() { ["app"] = "other" }), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("relay", labels: new() { ["app"] = "relay" }), Clients.Namespace);

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, rv, labelSelector: "app in (relay)", cancellationToken: ct), 1);

        Assert.Equal("relay", Assert.Single(events).Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_RawTimeoutSeconds_EndsStreamCleanly()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri($"{server.Url}/api/v1/namespaces/mail/configmaps?watch=true&resourceVersion=1&timeoutSeconds=1"));

        Assert.Equal("", body);
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectLeavingAndEnteringSelectionIsDeletedAndAdded()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a", labels: new() { ["app"] = "relay" }), Clients.Namespace);
        var rv = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", labels: new() { ["app"] = "other" }), "a", Clients.Namespace);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", "b", labels: new() { ["app"] = "other" }), "a", Clients.Namespace);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", labels: new() { ["app"] = "relay" }), "a", Clients.Namespace);

        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, rv, labelSelector: "app=relay", cancellationToken: ct), 2);

        Assert.Equal([WatchEventType.Deleted, WatchEventType.Added], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Watch_ConcurrentWriters_SeesEveryEventOnceWithGrowingResourceVersion()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var rv = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var name = $"w{writer}-{i}";
                await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap(name), Clients.Namespace);
                await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"b"}}""", V1Patch.PatchType.MergePatch), name, Clients.Namespace);
            }
        })));
        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, rv, cancellationToken: ct), 80);

        Assert.Equal(80, events.Count);
        var versions = events.Select(e => Clients.Rv(e.Object)).ToList();
        Assert.Equal(versions.Distinct().Order(), versions);
        Assert.Equal(40, events.Count(e => e.Type == WatchEventType.Added));
    }

    [Fact]
    public async Task Watch_AllNamespaces_SeesEveryNamespace()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var map = Clients.ConfigMap("a");
        map.Metadata.NamespaceProperty = "other";
        await client.CoreV1.CreateNamespacedConfigMapAsync(map, "other");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("b"), Clients.Namespace);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var seen = new List<string>();
        await foreach (var (_, obj) in client.CoreV1.WatchListConfigMapForAllNamespacesAsync(resourceVersion: "1", cancellationToken: timeout.Token))
        {
            seen.Add($"{obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}");
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["other/a", "mail/b"], seen);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsStream()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        var clock = Stopwatch.StartNew();

        // KubernetesClient 21 throws EndOfStreamException for a watch that ends without any line, so one event is sent first.
        var events = await Watches.TakeAsync(ct => Watches.ConfigMaps(client, "1", timeoutSeconds: 1, cancellationToken: ct), 2);

        Assert.Single(events);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }
}
