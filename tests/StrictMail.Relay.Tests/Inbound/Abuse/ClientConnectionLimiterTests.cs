using System.Net;
using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Tests.Inbound.Abuse;

public sealed class ClientConnectionLimiterTests
{
    private static readonly IPAddress One = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Two = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void TryEnter_AtTheLimit_RefusesThatAddressOnly()
    {
        var limiter = new ClientConnectionLimiter(2);

        Assert.True(limiter.TryEnter(One));
        Assert.True(limiter.TryEnter(One));
        Assert.False(limiter.TryEnter(One));
        Assert.True(limiter.TryEnter(Two));
        Assert.Equal(2, limiter.Open(One));
    }

    [Fact]
    public void Leave_AfterTheLimit_LetsTheNextIn()
    {
        var limiter = new ClientConnectionLimiter(1);
        limiter.TryEnter(One);

        limiter.Leave(One);

        Assert.True(limiter.TryEnter(One));
        limiter.Leave(One);
        Assert.Equal(0, limiter.Open(One));
    }

    [Fact]
    public void TryEnter_IPv6AddressesInOneSlash64_ShareTheLimit()
    {
        var limiter = new ClientConnectionLimiter(1);

        Assert.True(limiter.TryEnter(IPAddress.Parse("2001:db8::1")));
        Assert.False(limiter.TryEnter(IPAddress.Parse("2001:db8::2")));
        Assert.True(limiter.TryEnter(IPAddress.Parse("2001:db8:0:1::1")));
        Assert.True(limiter.TryEnter(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.False(limiter.TryEnter(One));
    }

    [Fact]
    public void TryEnter_ZeroLimit_NeverRefuses()
    {
        var limiter = new ClientConnectionLimiter(0);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(limiter.TryEnter(One)));
    }
}
