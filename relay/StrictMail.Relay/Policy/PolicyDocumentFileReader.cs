namespace StrictMail.Relay.Policy;

/// <summary>Reads the policy file's bytes, following symlinks, and turns file system errors into a <see cref="PolicyFileRead"/>.</summary>
internal static class PolicyDocumentFileReader
{
    /// <summary>Reads <paramref name="path"/>, refusing a file larger than <paramref name="maxBytes"/>.</summary>
    public static PolicyFileRead Read(string path, long maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > maxBytes)
            {
                return PolicyFileRead.Failed($"The policy file is {stream.Length} bytes, more than the limit of {maxBytes}; it is not a policy document the operator wrote.");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return PolicyFileRead.Content(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return PolicyFileRead.Missing();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PolicyFileRead.Failed($"The policy file cannot be read ({e.Message}); check the volume mount and file permissions.");
        }
    }
}
