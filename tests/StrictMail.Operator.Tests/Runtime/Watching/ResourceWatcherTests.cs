using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using StrictMail.FakeKube;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Watching;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Runtime.Watching;

public sealed class ResourceWatcherTests
{
    [Fact]
    public async Task Watch_CreateUpdateDelete_EventsInOrderAndCacheMatchesServer()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "seeded");
        var watcher = await h.WatchAsync();
        Assert.True(h.Saw(WatchEventType.Added, "mail/seeded"));

        h.Create("mail", "a");
        await h.LabelAsync("mail", "a", "2");
        await h.DeleteAsync("mail", "a");
        h.Create("other", "b");

        await Eventually.WaitAsync(() => h.Saw(WatchEventType.Added, "other/b"), "other/b arrived");
        var sequence = h.Events.Select(e => $"{e.Type} {e.Key}").ToList();
        Assert.Equal(["Added mail/seeded", "Added mail/a", "Modified mail/a", "Deleted mail/a", "Added other/b"], sequence);
        Assert.Equal(["mail/seeded", "other/b"], watcher.Snapshot().Keys.Order(StringComparer.Ordinal));
        foreach (var (key, policy) in watcher.Snapshot())
        {
            var stored = h.Server.Find(TlsPolicy.GroupVersion, TlsPolicy.EntityKind, policy.Metadata.NamespaceProperty, policy.Metadata.Name);
            Assert.NotNull(stored);
            Assert.Equal((string?)stored["metadata"]!["resourceVersion"], policy.Metadata.ResourceVersion);
            Assert.Equal(key, ResourceWatcher<TlsPolicy>.KeyOf(policy));
        }

        Assert.True(h.Queue.Count >= 2);
    }

    [Fact]
    public async Task Watch_DroppedWhileUpdated_UpdateNotLost()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "a");
        await h.WatchAsync();
        await Eventually.WaitAsync(() => h.WatchRequests >= 1, "the watch was requested");
        h.Server.Faults.DelayNext(1, TimeSpan.FromSeconds(1), r => r.IsWatch);

        await h.DropWatchAsync();
        await h.LabelAsync("mail", "a", "while-disconnected");

        await Eventually.WaitAsync(() => h.Saw(WatchEventType.Modified, "mail/a", "while-disconnected"), "the update made while disconnected arrived");
        Assert.Equal("while-disconnected", h.Watcher!.Snapshot()["mail/a"].Metadata.Labels["rev"]);
    }

    [Fact]
    public async Task Watch_HistoryCompactedWhileDisconnected_RelistsAndEmitsUpdateAndDelete()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "kept");
        h.Create("mail", "removed");
        await h.WatchAsync();
        await Eventually.WaitAsync(() => h.WatchRequests >= 1, "the watch was requested");
        h.Server.Faults.DelayNext(1, TimeSpan.FromSeconds(1), r => r.IsWatch);

        await h.DropWatchAsync();
        await h.LabelAsync("mail", "kept", "2");
        await h.DeleteAsync("mail", "removed");
        h.Server.Faults.CompactHistory();

        await Eventually.WaitAsync(
            () => h.Saw(WatchEventType.Modified, "mail/kept", "2") && h.Saw(WatchEventType.Deleted, "mail/removed"),
            "the relist reported the update and the delete");
        Assert.Contains(WatcherLog.GoneId, h.LogIds);
        Assert.Equal(["mail/kept"], h.Watcher!.Snapshot().Keys);
        await Eventually.WaitAsync(() => h.WatchRequests >= 3, "the watch resumed after the relist");
    }

    [Fact]
    public async Task Watch_ServerErrorsOnListAndWatch_RetriesAndRecovers()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "a");
        h.Server.Faults.FailNext(3, 500, r => !r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));
        var watcher = await h.WatchAsync();
        Assert.Equal(3, h.LogIds.Count(id => id == WatcherLog.ListFailedId));
        Assert.Single(watcher.Snapshot());

        await Eventually.WaitAsync(() => h.WatchRequests >= 1, "the watch was requested");
        h.Server.Faults.FailNext(3, 500, r => r.IsWatch);
        await h.DropWatchAsync();
        await h.LabelAsync("mail", "a", "after-errors");

        await Eventually.WaitAsync(() => h.Saw(WatchEventType.Modified, "mail/a", "after-errors"), "the watch recovered");
        Assert.True(h.LogIds.Count(id => id == WatcherLog.WatchFailedId) >= 3);
    }

    [Fact]
    public async Task Watch_Bookmarks_AdvanceResourceVersionWithoutEvents()
    {
        await using var h = await WatchHarness.StartAsync(new FakeKubeOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        h.Create("mail", "a");
        var watcher = await h.WatchAsync();
        var listed = long.Parse(watcher.ResourceVersion!, CultureInfo.InvariantCulture);

        h.Server.Seed(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "unrelated", ["namespace"] = "mail" },
        });
        var target = h.Server.ResourceVersion;
        Assert.True(target > listed);

        await Eventually.WaitAsync(
            () => long.Parse(watcher.ResourceVersion!, CultureInfo.InvariantCulture) >= target,
            "a bookmark advanced the resourceVersion");
        Assert.Single(h.Events);
    }

    [Fact]
    public async Task Watch_QuietStream_WatchdogReconnects()
    {
        await using var h = await WatchHarness.StartAsync(new FakeKubeOptions { BookmarkInterval = TimeSpan.FromHours(1) });
        await h.WatchAsync(new ResourceWatcherOptions { QuietPeriod = TimeSpan.FromMilliseconds(300) });

        await Eventually.WaitAsync(() => h.WatchRequests >= 3, "the watchdog reconnected twice");
        Assert.Contains(WatcherLog.WatchdogId, h.LogIds);

        h.Create("mail", "a");
        await Eventually.WaitAsync(() => h.Saw(WatchEventType.Added, "mail/a"), "events still arrive after reconnects");
    }

    [Fact]
    public async Task Watch_ConfiguredNamespaces_OnlyThoseSeen()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "a");
        h.Create("other", "b");
        var watcher = await h.WatchAsync(new ResourceWatcherOptions { Namespaces = ["mail", "relay"] });
        h.Create("relay", "c");
        h.Create("other", "d");

        await Eventually.WaitAsync(() => h.Saw(WatchEventType.Added, "relay/c"), "relay/c arrived");
        Assert.Equal(["mail/a", "relay/c"], watcher.Snapshot().Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(h.Events, e => e.Key.StartsWith("other/", StringComparison.Ordinal));
        Assert.NotNull(watcher.ResourceVersionOf("relay"));
    }

    [Fact]
    public async Task Watch_GoneResponse_Relists()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Create("mail", "a");
        await h.WatchAsync();
        await Eventually.WaitAsync(() => h.WatchRequests >= 1, "the watch was requested");
        h.Server.Faults.FailNext(1, 410, r => r.IsWatch);
        var lists = h.Server.Requests.Count(r => !r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));

        await h.DropWatchAsync();

        await Eventually.WaitAsync(
            () => h.Server.Requests.Count(r => !r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal)) > lists,
            "a 410 response made the watcher list again");
        Assert.Contains(WatcherLog.GoneId, h.LogIds);
        Assert.Single(h.Events);
    }

    [Fact]
    public async Task Watch_TimeoutWithoutAnyLine_TreatedAsNormalEnd()
    {
        await using var h = await WatchHarness.StartAsync(new FakeKubeOptions { BookmarkInterval = TimeSpan.FromHours(1) });
        await h.WatchAsync(new ResourceWatcherOptions { WatchTimeout = TimeSpan.FromSeconds(1) });

        await Eventually.WaitAsync(() => h.WatchRequests >= 2, "the watch was resumed after its timeout");
        Assert.Contains(WatcherLog.StreamEndedId, h.LogIds);
        Assert.DoesNotContain(WatcherLog.WatchFailedId, h.LogIds);
    }
}
