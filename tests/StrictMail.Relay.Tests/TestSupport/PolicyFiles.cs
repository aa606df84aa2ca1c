namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>The ways a writer replaces a file that the relay watches.</summary>
internal static class PolicyFiles
{
    /// <summary>Writes a temp file next to <paramref name="path"/> and renames it over the file (rename(2) is atomic).</summary>
    public static void ReplaceAtomically(string path, byte[] content)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Truncates and rewrites the same file (same inode).</summary>
    public static void WriteInPlace(string path, byte[] content) => File.WriteAllBytes(path, content);
}
