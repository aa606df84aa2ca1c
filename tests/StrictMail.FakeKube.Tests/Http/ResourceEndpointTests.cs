namespace StrictMail.FakeKube.Tests.Http;

public sealed class ResourceEndpointTests
{
    [Theory]
    [InlineData("POST", "/api/v1/configmaps")]
    [InlineData("GET", "/api/v1/configmaps/a")]
    [InlineData("GET", "/apis/apiextensions.k8s.io/v1/namespaces/mail/customresourcedefinitions")]
    [InlineData("GET", "/api/v1/namespaces/mail/configmaps/a/scale")]
    public async Task Request_ResourceInTheWrongPlace_Answers404(string method, string url)
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.Url + url))
        {
            Content = method == "POST" ? new StringContent("""{"metadata":{"name":"a"}}""", System.Text.Encoding.UTF8, "application/json") : null,
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
