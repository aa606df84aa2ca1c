namespace StrictMail.Operator.Local;

/// <summary>A cheap summary of a directory's policy files (names, sizes, modification times) to notice edits.</summary>
internal static class DirectoryFingerprint
{
    public static string Of(string directory)
    {
        var parts = TlsPolicyYamlReader.FilesIn(directory).Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists ? $"{f}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : f;
        });
        return string.Join('\n', parts);
    }
}
