using StrictMail.Operator.Reporting;

namespace StrictMail.Operator.Tests.Reporting;

public sealed class FileReportingProgressTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Read_NoFile_Null()
    {
        Assert.Null(await new FileReportingProgress(_directory.File("policy.json.tlsrpt")).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Save_ThenReadByANewInstance_SameDay()
    {
        var path = _directory.File("policy.json.tlsrpt");
        await new FileReportingProgress(path).SaveAsync(new DateOnly(2026, 12, 3), CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 12, 3), await new FileReportingProgress(path).ReadAsync(CancellationToken.None));
        Assert.Equal("2026-12-03\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Read_Garbage_NullSoYesterdayIsReported()
    {
        var path = _directory.File("policy.json.tlsrpt");
        await File.WriteAllTextAsync(path, "not a day");

        Assert.Null(await new FileReportingProgress(path).ReadAsync(CancellationToken.None));
    }
}
