using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsMxPatternTests
{
    [Theory]
    [InlineData("mail.example.com", "mail.example.com", true)]
    [InlineData("mail.example.com", "MAIL.Example.com.", true)]
    [InlineData("mail.example.com", "mail2.example.com", false)]
    [InlineData("*.example.net", "mx1.example.net", true)]
    [InlineData("*.example.net", "example.net", false)]
    [InlineData("*.example.net", "a.mx1.example.net", false)]
    [InlineData("*.example.net", "mx1.example.net.evil.test", false)]
    [InlineData("*.example.net", "mx1.notexample.net", false)]
    public void Matches_RfcRules_OneLabelForAWildcard(string pattern, string host, bool expected)
    {
        Assert.Equal(expected, StsMxPattern.Matches(pattern, host));
    }

    [Fact]
    public void FirstMatch_SeveralPatterns_TheOneThatMatched()
    {
        Assert.Equal("*.example.net", StsMxPattern.FirstMatch(["mail.example.com", "*.example.net"], "mx2.example.net"));
        Assert.Null(StsMxPattern.FirstMatch(["mail.example.com"], "mx.attacker.test"));
    }
}
