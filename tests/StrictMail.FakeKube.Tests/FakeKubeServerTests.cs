using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests;

public sealed class FakeKubeServerTests
{
    [Fact]
    public async Task SeedYaml_RepositoryExamples_AreServedToTheClient()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "crds", "examples"), "*.yaml");

        var seeded = files.SelectMany(f => server.SeedYaml(File.ReadAllText(f))).ToList();
        using var client = Clients.For(server);
        var listed = TlsPolicies.Read(await client.CustomObjects.ListClusterCustomObjectAsync(
            TlsPolicies.PolicyGroup, TlsPolicies.PolicyVersion, TlsPolicies.PolicyPlural));

        Assert.NotEmpty(files);
        Assert.Equal(seeded.Count, listed["items"]!.AsArray().Count);
        Assert.All(listed["items"]!.AsArray(), item => Assert.NotNull(item!["spec"]?["level"]));
    }

    [Fact]
    public async Task Seed_UnknownKind_SaysToSeedTheCrdFirst()
    {
        await using var server = await FakeKubeServer.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => server.Seed(TlsPolicies.Policy("bank")));

        Assert.Contains("CustomResourceDefinition first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TwoServers_ListenOnDifferentLoopbackPorts()
    {
        await using var first = await FakeKubeServer.StartAsync();
        await using var second = await FakeKubeServer.StartAsync();

        Assert.StartsWith("http://127.0.0.1:", first.Url, StringComparison.Ordinal);
        Assert.NotEqual(first.Url, second.Url);
    }
}
