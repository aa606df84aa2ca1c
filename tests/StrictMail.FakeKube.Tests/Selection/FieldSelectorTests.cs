using System.Net;
using k8s.Autorest;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Selection;

public sealed class FieldSelectorTests
{
    [Theory]
    [InlineData("metadata.name=b", "b")]
    [InlineData("metadata.name==b", "b")]
    [InlineData("metadata.name!=b", "a,c")]
    [InlineData("metadata.namespace=mail,metadata.name!=a", "b,c")]
    public async Task List_FieldSelector_ReturnsMatchingObjects(string selector, string expected)
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap(name), Clients.Namespace);
        }

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace, fieldSelector: selector);

        Assert.Equal(expected, string.Join(",", list.Items.Select(i => i.Metadata.Name)));
    }

    [Fact]
    public async Task List_UnsupportedField_Answers400InsteadOfIgnoringIt()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace, fieldSelector: "status.phase=Running"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
    }
}
