using System.Text.Json.Nodes;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class DiscoveryDocumentsTests
{
    [Fact]
    public async Task GroupVersion_AfterCrdCreated_ListsTheCustomResource()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        using var http = new HttpClient();

        var groups = JsonNode.Parse(await http.GetStringAsync(new Uri($"{server.Url}/apis")))!;
        var resources = JsonNode.Parse(await http.GetStringAsync(new Uri($"{server.Url}/apis/strictmail.io/v1alpha1")))!;

        Assert.Contains("strictmail.io", groups["groups"]!.AsArray().Select(g => (string?)g!["name"]));
        var policy = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "tlspolicies")!;
        Assert.Equal("TlsPolicy", (string?)policy["kind"]);
        Assert.True((bool?)policy["namespaced"]);
        Assert.Equal(["tlsp"], policy["shortNames"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("watch", policy["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("tlspolicies/status", resources["resources"]!.AsArray().Select(r => (string?)r!["name"]));
    }

    [Fact]
    public async Task OpenApi_NotServed_Answers404()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"{server.Url}/openapi/v2"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
