using StrictMail.Operator.Local;

namespace StrictMail.Operator.Tests.Local;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_ExistingFile_ReplacesContentAndLeavesNoTempFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub/doc.json");
        AtomicFile.Write(path, "old"u8);

        AtomicFile.Write(path, "new"u8);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["doc.json"], Directory.GetFiles(dir.File("sub")).Select(Path.GetFileName));
    }
}
