using System.Net;
using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class RelayAuthorizationTests
{
    private static readonly ClientNetworks Networks = ClientNetworks.Parse(["10.0.0.0/8"]);

    [Theory]
    [InlineData(null, "10.9.9.9", true)]
    [InlineData(null, "192.0.2.1", false)]
    [InlineData("app", "192.0.2.1", true)]
    [InlineData("app", "10.9.9.9", true)]
    public void MayRelay_UserAndClient_AuthenticatedOrClientNetwork(string? user, string client, bool expected) =>
        Assert.Equal(expected, RelayAuthorization.MayRelay(user, IPAddress.Parse(client), Networks));
}
