using System.Security.Cryptography;
using System.Text;

namespace StrictMail.Relay.Inbound;

/// <summary>
/// Reads watched files and tells whether they changed since they were last settled. It compares content hashes, not mtimes:
/// a Kubernetes Secret is renewed by swapping a symbolic link to a directory, which leaves the file's own link untouched, and
/// .NET reports a link's times, not its target's. Only a hash is kept, so no key stays in memory. Not thread-safe: callers lock.
/// </summary>
internal sealed class FileFingerprint
{
    private byte[] _settled = [];
    private byte[] _pending = [];

    /// <summary>The files' text when their content differs from the last settled content; null when unchanged.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public string[]? ReadIfChanged(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var texts = paths.Select(File.ReadAllText).ToArray();
        _pending = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', texts)));
        return _pending.AsSpan().SequenceEqual(_settled) ? null : texts;
    }

    /// <summary>Settles the content last read, applied or refused, so an unchanged file is not read into use (or reported) again.</summary>
    public void Settle() => _settled = _pending;
}
