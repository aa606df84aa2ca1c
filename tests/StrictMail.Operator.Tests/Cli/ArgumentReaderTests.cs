using StrictMail.Operator.Cli;

namespace StrictMail.Operator.Tests.Cli;

public sealed class ArgumentReaderTests
{
    private static readonly HashSet<string> Valued = ["--policies", "--out"];
    private static readonly HashSet<string> Flags = ["--watch"];

    [Fact]
    public void Parse_ValuesAndFlags_ReadsBothSpellings()
    {
        var reader = ArgumentReader.Parse(["--policies", "dir", "--out=file.json", "--watch"], Valued, Flags);

        Assert.Equal("dir", reader.Require("--policies"));
        Assert.Equal("file.json", reader.Require("--out"));
        Assert.True(reader.Has("--watch"));
    }

    [Theory]
    [InlineData("unknown option '--polices'", "--polices", "dir")]
    [InlineData("--out needs a value", "--out")]
    [InlineData("--out needs a value", "--out", "--watch")]
    [InlineData("--out is given twice", "--out", "a", "--out", "b")]
    public void Parse_BadArguments_ThrowsUsageExceptionSayingWhy(string message, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => ArgumentReader.Parse(args, Valued, Flags));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Require_Missing_ThrowsUsageException()
    {
        var reader = ArgumentReader.Parse([], Valued, Flags);

        Assert.Equal("--policies is required", Assert.Throws<UsageException>(() => reader.Require("--policies")).Message);
    }
}
