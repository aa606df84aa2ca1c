using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class NextHopParserTests
{
    [Theory]
    [InlineData("[smtp.bank.example]:25", "[smtp.bank.example]:25")]
    [InlineData("[smtp.bank.example]", "[smtp.bank.example]:25")]
    [InlineData("smtp.bank.example:2525", "[smtp.bank.example]:2525")]
    [InlineData("smtp.bank.example", "[smtp.bank.example]:25")]
    [InlineData("[127.0.0.1]:2525", "[127.0.0.1]:2525")]
    [InlineData("[::1]:2525", "[::1]:2525")]
    [InlineData("[::1]", "[::1]:25")]
    public void TryNormalize_ValidHop_ReturnsBracketedHostAndPort(string text, string expected)
    {
        Assert.Equal(expected, NextHopParser.TryNormalize(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("[smtp.bank.example]:0", "between 1 and 65535")]
    [InlineData("[smtp.bank.example]:70000", "between 1 and 65535")]
    [InlineData("smtp bank", "is not a next hop")]
    [InlineData("::1", "is not a next hop")]
    [InlineData("[:::z]:25", "is not a next hop")]
    [InlineData("[1::2::3]:25", "neither a host name nor an IP address")]
    public void TryNormalize_InvalidHop_ReturnsNullWithReason(string text, string reason)
    {
        Assert.Null(NextHopParser.TryNormalize(text, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
