using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrictMail.FakeKube.Faults;
using StrictMail.FakeKube.Http;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Storage;
using StrictMail.FakeKube.Yaml;

namespace StrictMail.FakeKube;

/// <summary>
/// A stateful fake Kubernetes API server on 127.0.0.1 for tests. It trusts its clients completely
/// (no authentication, no admission, no schema validation) and must never listen beyond loopback.
/// </summary>
public sealed class FakeKubeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ObjectStore store;
    private readonly ResourceRegistry registry;
    private readonly ConcurrentQueue<FakeKubeRequest> requests;
    private readonly CancellationTokenSource stopping;

    private FakeKubeServer(WebApplication app, ObjectStore store, ResourceRegistry registry, FaultInjector faults,
        ConcurrentQueue<FakeKubeRequest> requests, CancellationTokenSource stopping)
    {
        this.app = app;
        this.store = store;
        this.registry = registry;
        this.requests = requests;
        this.stopping = stopping;
        Faults = faults;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234, for KubernetesClientConfiguration.Host or kubectl --server.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Fault injection: failures, delays, dropped watches, compaction.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => store.ResourceVersion;

    /// <summary>Every request served so far, oldest first (for "no write happened" assertions).</summary>
    public IReadOnlyList<FakeKubeRequest> Requests => [.. requests];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeKubeServer> StartAsync(FakeKubeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeKubeOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();

        var store = new ObjectStore(options);
        var registry = new ResourceRegistry(store);
        var faults = new FaultInjector(store);
        var requests = new ConcurrentQueue<FakeKubeRequest>();
        var stopping = new CancellationTokenSource();
        var endpoint = new ResourceEndpoint(store, new WatchStreamer(store, options, stopping.Token));
        var router = new ApiRouter(registry, endpoint, faults, requests.Enqueue, stopping.Token);
        app.Run(router.HandleAsync);

        var server = new FakeKubeServer(app, store, registry, faults, requests, stopping);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>Stores an object as a POST would (its apiVersion and kind pick the resource); a CRD makes its resources served.</summary>
    public JsonObject Seed(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var kind = (string?)obj["kind"] ?? "";
        var type = registry.FindByKind(apiVersion, kind)
            ?? throw new ArgumentException($"The fake serves no {kind} in {apiVersion}; seed its CustomResourceDefinition first.", nameof(obj));
        return store.Create(type, ObjectMeta.Get(obj, "namespace") ?? "default", obj);
    }

    /// <summary>Seeds every document of a YAML manifest, e.g. crds/tlspolicies.strictmail.io.yaml.</summary>
    public IReadOnlyList<JsonObject> SeedYaml(string yaml) => [.. YamlToJson.Documents(yaml).Select(Seed)];

    /// <summary>Reads a stored object, or null when there is none.</summary>
    public JsonObject? Find(string apiVersion, string kind, string? ns, string name)
    {
        var type = registry.FindByKind(apiVersion, kind);
        if (type is null)
        {
            return null;
        }

        try
        {
            return store.Get(type, ns, name);
        }
        catch (KubeApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Stops listening and ends every open watch.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        store.DropWatches();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
