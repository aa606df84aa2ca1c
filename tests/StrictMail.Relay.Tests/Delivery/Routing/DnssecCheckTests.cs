using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Tests.Delivery.Routing;

public sealed class DnssecCheckTests
{
    [Fact]
    public void Judge_AuthenticatedAnswer_Validating()
    {
        var (validating, detail) = DnssecCheck.Judge("127.0.0.53:53", ".", failure: null, authenticated: true);

        Assert.True(validating);
        Assert.Equal("the resolver 127.0.0.53:53 authenticated . (AD bit set)", detail);
    }

    [Fact]
    public void Judge_AnswerWithoutAd_NotValidatingAndSaysWhatItMeans()
    {
        var (validating, detail) = DnssecCheck.Judge("10.0.0.2:53", ".", failure: null, authenticated: false);

        Assert.False(validating);
        Assert.Contains("without the AD bit", detail, StringComparison.Ordinal);
        Assert.Contains("every domain would look unsigned", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ServerFailure_NotValidatingNamingTheFailure()
    {
        var (validating, detail) = DnssecCheck.Judge("127.0.0.53:53", "partner.test", failure: "ServerFailure", authenticated: false);

        Assert.False(validating);
        Assert.Contains("could not resolve the signed check name partner.test (ServerFailure)", detail, StringComparison.Ordinal);
    }
}
