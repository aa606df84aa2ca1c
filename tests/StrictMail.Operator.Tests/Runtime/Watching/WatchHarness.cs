using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.FakeKube;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Queue;
using StrictMail.Operator.Runtime.Watching;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Runtime.Watching;

/// <summary>A fake API server with the TlsPolicy CRD, a real client, and a running watcher recording what it sees.</summary>
internal sealed class WatchHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private WatchHarness(FakeKubeServer server)
    {
        Server = server;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
    }

    public FakeKubeServer Server { get; }

    public Kubernetes Client { get; }

    public ConcurrentQueue<WatchEvent<TlsPolicy>> Events { get; } = new();

    public ConcurrentQueue<int> LogIds { get; } = new();

    public WorkQueue<string> Queue { get; } = new(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    public ResourceWatcher<TlsPolicy>? Watcher { get; private set; }

    public int WatchRequests => Server.Requests.Count(r => r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));

    public static async Task<WatchHarness> StartAsync(FakeKubeOptions? options = null)
    {
        var server = await FakeKubeServer.StartAsync(options);
        server.SeedYaml(File.ReadAllText(RepoPaths.Of("crds", "tlspolicies.strictmail.io.yaml")));
        return new WatchHarness(server);
    }

    public async Task<ResourceWatcher<TlsPolicy>> WatchAsync(ResourceWatcherOptions? options = null, bool waitForSync = true)
    {
        options ??= new ResourceWatcherOptions();
        options = new ResourceWatcherOptions
        {
            Namespaces = options.Namespaces,
            QuietPeriod = options.QuietPeriod,
            WatchTimeout = options.WatchTimeout,
            MinBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        };
        Watcher = new ResourceWatcher<TlsPolicy>(Client, options, Events.Enqueue, Queue, new WatcherLog(new EventIdLogger(LogIds)));
        _running = Watcher.RunAsync(_stop.Token);
        if (waitForSync)
        {
            await Watcher.Synced.WaitAsync(TimeSpan.FromSeconds(5));
        }

        return Watcher;
    }

    public void Create(string ns, string name) => Server.Seed(new JsonObject
    {
        ["apiVersion"] = TlsPolicy.GroupVersion,
        ["kind"] = TlsPolicy.EntityKind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["domains"] = new JsonArray("example.com"), ["level"] = "Verify" },
    });

    public Task LabelAsync(string ns, string name, string revision) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(
                new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["rev"] = revision } } }.ToJsonString(),
                V1Patch.PatchType.MergePatch),
            TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural, name);

    public Task DeleteAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural, name);

    public bool Saw(WatchEventType type, string key, string? revision = null) =>
        Events.Any(e => e.Type == type && e.Key == key
            && (revision is null || (e.Entity.Metadata.Labels?.TryGetValue("rev", out var rev) == true && rev == revision)));

    /// <summary>Ends the open watch (waiting until there is one to end).</summary>
    public Task DropWatchAsync() => Eventually.WaitAsync(() => Server.Faults.DropWatches() > 0, "a watch was open to drop");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(5));
        Client.Dispose();
        Queue.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
