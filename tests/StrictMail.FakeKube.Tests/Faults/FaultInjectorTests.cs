using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Faults;

public sealed class FaultInjectorTests
{
    [Fact]
    public async Task FailNext_500_FailsOnceThenServes()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        server.Faults.FailNext(1, 500);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace));
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace);

        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.Equal("InternalError", (string?)JsonNode.Parse(error.Response.Content)!["reason"]);
        Assert.Equal("a", read.Metadata.Name);
    }

    [Fact]
    public async Task FailNext_409OnWrites_LeavesReadsAlone()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var map = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        server.Faults.FailNext(1, 409, r => r.IsWrite);

        await client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(map, "a", Clients.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", (string?)JsonNode.Parse(error.Response.Content)!["reason"]);
    }

    [Fact]
    public async Task DelayNext_MatchingRequest_IsServedLate()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        server.Faults.DelayNext(1, TimeSpan.FromMilliseconds(400), r => r.Method == "GET");
        var clock = Stopwatch.StartNew();

        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"served after {clock.Elapsed}");
        Assert.Equal("a", read.Metadata.Name);
    }

    [Fact]
    public async Task FailNext_503OnWatches_OpeningTheWatchFails()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        server.Faults.FailNext(1, 503, r => r.IsWatch);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Watches.TakeAsync(ct => Watches.ConfigMaps(client, cancellationToken: ct), 1));

        Assert.Empty(list.Items);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
    }

    [Fact]
    public async Task DropWatches_OpenWatch_StreamEnds()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        var gotFirst = new TaskCompletionSource();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var watching = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in Watches.ConfigMaps(client, cancellationToken: timeout.Token))
            {
                count++;
                gotFirst.TrySetResult();
            }

            return count;
        });
        await gotFirst.Task.WaitAsync(timeout.Token);
        var dropped = server.Faults.DropWatches();

        Assert.Equal(1, dropped);
        Assert.Equal(1, await watching.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task DropWatches_CallbackWatcher_OnClosedFires()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        var added = new TaskCompletionSource<string>();
        var closed = new TaskCompletionSource();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        using var watcher = client.CoreV1.WatchListNamespacedConfigMap(
                Clients.Namespace,
                onEvent: (type, map) => added.TrySetResult($"{type} {map.Metadata.Name}"),
                onError: e => closed.TrySetException(e),
                onClosed: () => closed.TrySetResult());
        var first = await added.Task.WaitAsync(timeout.Token);
        server.Faults.DropWatches();
        await closed.Task.WaitAsync(timeout.Token);

        Assert.Equal("Added a", first);
        Assert.False(watcher.Watching);
    }

    [Fact]
    public async Task CompactHistory_ThenWatchFromOldVersion_ClientSees410()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var map = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("b"), Clients.Namespace);
        var errors = new List<Exception>();

        server.Faults.CompactHistory();
        await Watches.TakeAsync(ct => Watches.ConfigMaps(client, map.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: ct), 1);

        Assert.Equal(410, Assert.IsType<KubernetesException>(Assert.Single(errors)).Status.Code);
    }

    [Fact]
    public async Task Requests_AfterCalls_RecordsMethodAndPath()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/namespaces/mail/configmaps", request.Path);
        Assert.True(request.IsWrite);
    }
}
