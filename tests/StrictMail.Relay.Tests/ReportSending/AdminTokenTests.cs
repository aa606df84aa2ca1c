using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Tests.ReportSending;

public sealed class AdminTokenTests : IDisposable
{
    private const string Secret = "s3cret-token-0123456789";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strictmail-token-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Check_RightBearerToken_Null()
    {
        Assert.Null(new AdminToken(Write(Secret + "\n")).Check("Bearer " + Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer wrong-token-0123456789")]
    [InlineData("Basic " + Secret)]
    [InlineData(Secret)]
    public void Check_MissingOrWrong_Refused(string? authorization)
    {
        Assert.Equal("no or a wrong bearer token", new AdminToken(Write(Secret)).Check(authorization));
    }

    [Fact]
    public void Check_NoTokenFile_ClosedSayingWhy()
    {
        var token = new AdminToken(string.Empty);

        Assert.False(token.Configured);
        Assert.Contains("AdminTokenFile", token.Check("Bearer " + Secret), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShortToken_ClosedEvenWithTheRightOne()
    {
        Assert.Contains("shorter than", new AdminToken(Write("short")).Check("Bearer short"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TokenRotated_NewOneApplies()
    {
        var file = Write(Secret);
        var token = new AdminToken(file);
        File.WriteAllText(file, "rotated-token-0123456789");

        Assert.NotNull(token.Check("Bearer " + Secret));
        Assert.Null(token.Check("Bearer rotated-token-0123456789"));
    }

    private string Write(string content)
    {
        var file = Path.Combine(_directory.FullName, "token");
        File.WriteAllText(file, content);
        return file;
    }
}
