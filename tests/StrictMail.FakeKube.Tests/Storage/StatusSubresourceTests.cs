using System.Text.Json.Nodes;
using k8s.Models;
using StrictMail.FakeKube.Tests.TestSupport;
using static StrictMail.FakeKube.Tests.TestSupport.TlsPolicies;

namespace StrictMail.FakeKube.Tests.Storage;

public sealed class StatusSubresourceTests
{
    [Fact]
    public async Task Create_WithStatus_IgnoresStatusAndStartsGenerationAtOne()
    {
        await using var server = await FakeKubeServer.StartAsync();
        SeedCrd(server);
        using var client = Clients.For(server);
        var policy = Policy("bank");
        policy["status"] = new JsonObject { ["revision"] = "x" };

        var created = Read(await client.CustomObjects.CreateNamespacedCustomObjectAsync(policy, PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural));

        Assert.Null(created["status"]);
        Assert.Equal(1, (long?)created["metadata"]?["generation"]);
    }

    [Fact]
    public async Task ReplaceMainResource_StatusChanged_KeepsStoredStatus()
    {
        await using var server = await FakeKubeServer.StartAsync();
        SeedCrd(server);
        using var client = Clients.For(server);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Policy("bank"), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"revision":"r1"}}""", V1Patch.PatchType.MergePatch), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank");

        var current = Read(await client.CustomObjects.GetNamespacedCustomObjectAsync(PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));
        current["status"] = new JsonObject { ["revision"] = "hijacked" };
        var replaced = Read(await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(current, PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));

        Assert.Equal("r1", (string?)replaced["status"]?["revision"]);
    }

    [Fact]
    public async Task ReplaceStatus_SpecChanged_ChangesOnlyStatusAndNotGeneration()
    {
        await using var server = await FakeKubeServer.StartAsync();
        SeedCrd(server);
        using var client = Clients.For(server);
        var created = Read(await client.CustomObjects.CreateNamespacedCustomObjectAsync(Policy("bank"), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural));

        created["spec"]!["level"] = "Encrypt";
        created["status"] = new JsonObject { ["observedGeneration"] = 1 };
        var written = Read(await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(created, PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));

        Assert.Equal("Secure", (string?)written["spec"]?["level"]);
        Assert.Equal(1, (long?)written["status"]?["observedGeneration"]);
        Assert.Equal(1, (long?)written["metadata"]?["generation"]);
        Assert.True(long.Parse((string)written["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse((string)created["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Patch_SpecChange_GrowsGenerationButLabelChangeDoesNot()
    {
        await using var server = await FakeKubeServer.StartAsync();
        SeedCrd(server);
        using var client = Clients.For(server);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Policy("bank"), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural);

        var labelled = Read(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"mail"}}}""", V1Patch.PatchType.MergePatch), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));
        var respecced = Read(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/level","value":"Verify"}]""", V1Patch.PatchType.JsonPatch), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));

        Assert.Equal(1, (long?)labelled["metadata"]?["generation"]);
        Assert.Equal(2, (long?)respecced["metadata"]?["generation"]);
        Assert.Equal("Verify", (string?)respecced["spec"]?["level"]);
    }

    [Fact]
    public async Task ReplaceCustomObject_WithoutResourceVersion_Answers422()
    {
        await using var server = await FakeKubeServer.StartAsync();
        SeedCrd(server);
        using var client = Clients.For(server);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Policy("bank"), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CustomObjects.ReplaceNamespacedCustomObjectAsync(Policy("bank", "Verify"), PolicyGroup, PolicyVersion, Clients.Namespace, PolicyPlural, "bank"));

        Assert.Equal(422, (int)error.Response.StatusCode);
    }

    [Fact]
    public async Task StatusOfConfigMap_NoSubresource_Answers404()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri($"{server.Url}/api/v1/namespaces/mail/configmaps/a/status"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
