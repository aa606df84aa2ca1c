using System.Text.Json.Nodes;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class TableRendererTests
{
    [Fact]
    public async Task List_AcceptTable_AnswersPrinterColumns()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        server.Seed(TlsPolicies.Policy("bank"));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{server.Url}/apis/strictmail.io/v1alpha1/namespaces/mail/tlspolicies"));
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        using var response = await http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal(
            ["Name", "Level", "Mode", "Domains", "Ready", "Applied", "Age"],
            table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("bank", (string?)cells[0]);
        Assert.Equal("Secure", (string?)cells[1]);
        Assert.Equal("bank", (string?)table["rows"]![0]!["object"]!["metadata"]!["name"]);
    }
}
