using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class ListPageTests
{
    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEverythingOnce()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var client = Clients.For(server);
        foreach (var name in new[] { "e", "a", "d", "b", "c" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Clients.ConfigMap(name), Clients.Namespace);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Namespace, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);
    }
}
