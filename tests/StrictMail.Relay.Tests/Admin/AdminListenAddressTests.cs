using StrictMail.Relay.Admin;

namespace StrictMail.Relay.Tests.Admin;

public sealed class AdminListenAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:9464", "0.0.0.0", 9464)]
    [InlineData("http://127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("http://localhost:9464", "127.0.0.1", 9464)]
    [InlineData("http://[::]:9464", "::", 9464)]
    [InlineData("http://0.0.0.0", "0.0.0.0", 80)]
    public void TryParse_HttpWithIpOrLocalhost_ReturnsEndpoint(string url, string address, int port)
    {
        Assert.True(AdminListenAddress.TryParse(url, out var endpoint, out _));
        Assert.Equal(address, endpoint.Address.ToString());
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("https://0.0.0.0:9464", "not an absolute http URL")]
    [InlineData("0.0.0.0:9464", "not an absolute http URL")]
    [InlineData("", "not an absolute http URL")]
    [InlineData(null, "not an absolute http URL")]
    [InlineData("http://0.0.0.0:9464/metrics", "has a path")]
    [InlineData("http://relay.example:9464", "use an IP address")]
    public void TryParse_Unusable_ExplainsWhy(string? url, string expected)
    {
        Assert.False(AdminListenAddress.TryParse(url, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
