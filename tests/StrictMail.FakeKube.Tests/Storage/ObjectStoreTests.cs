using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;
using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Storage;

public sealed class ObjectStoreTests
{
    [Fact]
    public async Task Writes_EveryKind_GrowResourceVersion()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        created.Data["key"] = "b";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", Clients.Namespace);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"key":"c"}}""", V1Patch.PatchType.MergePatch), "a", Clients.Namespace);
        var before = server.ResourceVersion;
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", Clients.Namespace);

        Assert.True(Clients.Rv(created) < Clients.Rv(updated));
        Assert.True(Clients.Rv(updated) < Clients.Rv(patched));
        Assert.True(server.ResourceVersion > before);
        Assert.NotEmpty(created.Metadata.Uid);
        Assert.NotNull(created.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Update_NothingChanged_KeepsResourceVersion()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var same = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", Clients.Namespace);

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Answers409Conflict()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var stale = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", "fresh"), "a", Clients.Namespace);

        stale.Data["key"] = "late";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "a", Clients.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal(409, (int?)status["code"]);
        Assert.Equal("a", (string?)status["details"]?["name"]);
    }

    [Fact]
    public async Task Create_ExistingName_Answers409AlreadyExists()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("AlreadyExists", (string?)JsonNode.Parse(error.Response.Content)!["reason"]);
    }

    [Fact]
    public async Task Read_Missing_Answers404NotFoundStatus()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("nope", Clients.Namespace));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal("configmaps \"nope\" not found", (string?)status["message"]);
    }

    [Fact]
    public async Task Delete_WithFinalizer_KeepsObjectUntilFinalizerRemoved()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var map = Clients.ConfigMap("a");
        map.Metadata.Finalizers = ["strictmail.io/cleanup"];
        await client.CoreV1.CreateNamespacedConfigMapAsync(map, Clients.Namespace);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", Clients.Namespace);
        var terminating = await client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace);
        terminating.Metadata.Finalizers = [];
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(terminating, "a", Clients.Namespace);

        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Delete_StaleResourceVersionPrecondition_Answers409AndKeepsObject()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var stale = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(Clients.ConfigMap("a", "fresh"), "a", Clients.Namespace);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.DeleteNamespacedConfigMapAsync(
            "a", Clients.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = stale.Metadata.ResourceVersion } }));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("fresh", (await client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace)).Data["key"]);
    }

    [Fact]
    public async Task DeleteCrd_WithCustomObjects_DeletesThemAndStopsServing()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        server.Seed(TlsPolicies.Policy("bank"));
        using var client = Clients.For(server);

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("tlspolicies.strictmail.io");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.ListNamespacedCustomObjectAsync(
            TlsPolicies.PolicyGroup, TlsPolicies.PolicyVersion, Clients.Namespace, TlsPolicies.PolicyPlural));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        TlsPolicies.SeedCrd(server);
        Assert.Null(server.Find("strictmail.io/v1alpha1", "TlsPolicy", Clients.Namespace, "bank"));
    }

    [Fact]
    public async Task CreateNamespace_ClusterScoped_IsActiveAndHasNoNamespace()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var created = await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "mail" } });
        var listed = await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("Active", created.Status.Phase);
        Assert.Null(created.Metadata.NamespaceProperty);
        Assert.Equal("mail", Assert.Single(listed.Items).Metadata.Name);
    }

    [Fact]
    public async Task Create_RequireNamespacesAndNamespaceMissing_Answers404()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeOptions { RequireNamespaces = true });
        using var client = Clients.For(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Clients.Namespace } });
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces \"mail\" not found", (string?)JsonNode.Parse(error.Response.Content)!["message"]);
        Assert.Equal("a", created.Metadata.Name);
    }

    [Fact]
    public async Task DisposeAsync_WithDelayedRequestAndOpenWatch_StopsPromptly()
    {
        var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        server.Faults.DelayNext(1, TimeSpan.FromMinutes(1), r => r.Method == "GET" && !r.IsWatch);
        var delayed = client.CoreV1.ReadNamespacedConfigMapAsync("a", Clients.Namespace);
        var watch = Watches.TakeAsync(ct => Watches.ConfigMaps(client, cancellationToken: ct), 2);

        // Both requests must have reached the server (a loaded machine may take a while to send them).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(server.Requests.Any(r => r.IsWatch) && server.Requests.Any(r => r.Method == "GET" && !r.IsWatch)) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => delayed);
        Assert.Single(await watch);
    }

    [Fact]
    public async Task Create_GenerateName_GetsUniqueName()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var map = Clients.ConfigMap("");
        map.Metadata.Name = null;
        map.Metadata.GenerateName = "gen-";

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(map, Clients.Namespace);

        Assert.StartsWith("gen-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(9, created.Metadata.Name.Length);
    }
}
