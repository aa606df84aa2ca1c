using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Tests.Policy;

public sealed class PolicyDocumentFileReaderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strictmail-reader-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Read_ExistingFile_ReturnsBytesAndContentFingerprint()
    {
        var path = Path.Combine(_directory.FullName, "policy.json");
        File.WriteAllBytes(path, [1, 2, 3]);

        var read = PolicyDocumentFileReader.Read(path, maxBytes: 1024);

        Assert.Equal(new byte[] { 1, 2, 3 }, read.Bytes);
        Assert.Equal(PolicyFileRead.Content([1, 2, 3]).Fingerprint, read.Fingerprint);
    }

    [Fact]
    public void Read_MissingFile_Missing()
    {
        var read = PolicyDocumentFileReader.Read(Path.Combine(_directory.FullName, "absent.json"), maxBytes: 1024);

        Assert.Null(read.Bytes);
        Assert.Equal(PolicyFileRead.Missing().Fingerprint, read.Fingerprint);
    }

    [Fact]
    public void Read_MissingDirectory_Missing()
    {
        var read = PolicyDocumentFileReader.Read(Path.Combine(_directory.FullName, "absent", "policy.json"), maxBytes: 1024);

        Assert.Equal(PolicyFileRead.Missing().Fingerprint, read.Fingerprint);
    }

    [Fact]
    public void Read_LargerThanLimit_FailedSayingSo()
    {
        var path = Path.Combine(_directory.FullName, "policy.json");
        File.WriteAllBytes(path, new byte[2048]);

        var read = PolicyDocumentFileReader.Read(path, maxBytes: 1024);

        Assert.Null(read.Bytes);
        Assert.Contains("more than the limit", read.Problem, StringComparison.Ordinal);
    }
}
