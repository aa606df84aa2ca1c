using System.Net;
using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class ClientNetworksTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("fd00::1", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("::2", false)]
    [InlineData("::ffff:192.0.2.1", false)]
    public void Contains_Address_MatchesIPv4MappedAsIPv4(string address, bool expected)
    {
        var networks = ClientNetworks.Parse(["127.0.0.0/8", "::1/128", "10.1.0.0/16", "fd00::/8"]);

        Assert.Equal(expected, networks.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Parse_BareAddressAndMappedNetwork_SingleHostAndIPv4Network()
    {
        var networks = ClientNetworks.Parse(["192.0.2.7", "::ffff:10.0.0.0/104", "  "]);

        Assert.Equal([IPNetwork.Parse("192.0.2.7/32"), IPNetwork.Parse("10.0.0.0/8")], networks.Networks);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "open relay")]
    [InlineData("::/0", "open relay")]
    [InlineData("10.0.0.0/33", "CIDR")]
    [InlineData("example.test", "CIDR")]
    public void Parse_BadEntry_ThrowsSayingWhy(string entry, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ClientNetworks.Parse([entry]));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyBlankEntries_NobodyMayRelay() =>
        Assert.False(ClientNetworks.Parse([string.Empty]).Contains(IPAddress.Loopback));
}
