using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("24h", 86_400L)]
    [InlineData("90m", 5_400L)]
    [InlineData("2d", 172_800L)]
    [InlineData("1d12h30m15s", 131_415L)]
    [InlineData("0s", 0L)]
    [InlineData("1 week", null)]
    [InlineData("1w", null)]
    [InlineData("h", null)]
    [InlineData("-1h", null)]
    [InlineData("24h\n", null)]
    [InlineData("99999999999999999999d", null)]
    public void TryParseSeconds_Text_ReturnsSecondsOrNull(string text, long? expected)
    {
        Assert.Equal(expected, DurationParser.TryParseSeconds(text));
    }
}
