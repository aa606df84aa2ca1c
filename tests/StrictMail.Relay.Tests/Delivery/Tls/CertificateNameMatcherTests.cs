using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class CertificateNameMatcherTests
{
    [Theory]
    [InlineData("mx.bank.example", "mx.bank.example", true)]
    [InlineData("MX.Bank.Example.", "mx.bank.example", true)]
    [InlineData("bank.example", "mx.bank.example", false)]
    [InlineData("*.bank.example", "mx.bank.example", true)]
    [InlineData("*.bank.example", "a.mx.bank.example", false)]
    [InlineData("*.bank.example", "bank.example", false)]
    [InlineData("mx.bank.example", ".bank.example", true)]
    [InlineData("a.b.bank.example", ".bank.example", true)]
    [InlineData("bank.example", ".bank.example", false)]
    [InlineData("evilbank.example", ".bank.example", false)]
    [InlineData("*.bank.example", ".bank.example", true)]
    [InlineData("*.example", ".bank.example", false)]
    [InlineData("mx.attacker.test", ".bank.example", false)]
    [InlineData("", "bank.example", false)]
    public void Matches_NameAndPattern_FollowsRfc6125AsPostfixDoes(string certificateName, string pattern, bool expected)
    {
        Assert.Equal(expected, CertificateNameMatcher.Matches(certificateName, pattern));
    }

    [Fact]
    public void FirstMatch_SeveralNames_ReturnsTheFirstThatMatches()
    {
        Assert.Equal("mx.bank.example", CertificateNameMatcher.FirstMatch(["other.test", "mx.bank.example", "bank.example"], ["bank.example", ".bank.example"]));
        Assert.Null(CertificateNameMatcher.FirstMatch(["other.test"], ["bank.example", ".bank.example"]));
    }
}
