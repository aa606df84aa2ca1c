using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Selection;

public sealed class LabelSelectorTests
{
    [Theory]
    [InlineData("app=relay", "a,b")]
    [InlineData("app==relay,tier=edge", "a")]
    [InlineData("app!=relay", "c,d")]
    [InlineData("tier in (edge, core)", "a,b")]
    [InlineData("tier notin (edge)", "b,c,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("app in (relay,operator),!tier", "c")]
    public async Task List_LabelSelector_ReturnsMatchingObjects(string selector, string expected)
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("a", labels: new() { ["app"] = "relay", ["tier"] = "edge" }), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("b", labels: new() { ["app"] = "relay", ["tier"] = "core" }), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("c", labels: new() { ["app"] = "operator" }), Clients.Namespace);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap("d"), Clients.Namespace);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace, labelSelector: selector);

        Assert.Equal(expected, string.Join(",", list.Items.Select(i => i.Metadata.Name)));
        Assert.Equal(server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task List_BadSelector_Answers400()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(
            () => client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace, labelSelector: "a in b"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
    }
}
