using System.Net;
using System.Text;
using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class PatchBodyTests
{
    [Fact]
    public async Task ApplyPatch_Missing_CreatesThenUpdates()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var created = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(Clients.ConfigMap("doc"), V1Patch.PatchType.ApplyPatch), "doc", Clients.Namespace, fieldManager: "strictmail-operator", force: true);
        var updated = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(Clients.ConfigMap("doc", "b"), V1Patch.PatchType.ApplyPatch), "doc", Clients.Namespace, fieldManager: "strictmail-operator", force: true);

        Assert.Equal("a", created.Data["key"]);
        Assert.Equal("b", updated.Data["key"]);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
    }

    [Fact]
    public async Task ApplyPatch_KeyDroppedBySameManager_IsRemoved()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        var first = Clients.ConfigMap("doc");
        first.Data["extra"] = "x";
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(first, V1Patch.PatchType.ApplyPatch), "doc", Clients.Namespace, fieldManager: "strictmail-operator");
        await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"mine":"y"}}""", V1Patch.PatchType.MergePatch), "doc", Clients.Namespace);

        var second = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(Clients.ConfigMap("doc"), V1Patch.PatchType.ApplyPatch), "doc", Clients.Namespace, fieldManager: "strictmail-operator");

        Assert.Equal(["key", "mine"], second.Data.Keys.Order());
    }

    [Fact]
    public async Task ApplyPatch_WithoutFieldManager_Answers400()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(Clients.ConfigMap("doc"), V1Patch.PatchType.ApplyPatch), "doc", Clients.Namespace));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
    }

    [Fact]
    public async Task StrategicMergePatch_ConfigMap_MergesLikeMergePatch()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"other":"x"}}""", V1Patch.PatchType.StrategicMergePatch), "a", Clients.Namespace);

        Assert.Equal("a", patched.Data["key"]);
        Assert.Equal("x", patched.Data["other"]);
    }

    [Fact]
    public async Task Patch_UnknownContentType_Answers415()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"{server.Url}/api/v1/namespaces/mail/configmaps/a"))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task MergePatch_StaleResourceVersionInPatch_Answers409()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a"), Clients.Namespace);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"resourceVersion":"1"},"data":{"key":"x"}}""", V1Patch.PatchType.MergePatch), "a", Clients.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }
}
