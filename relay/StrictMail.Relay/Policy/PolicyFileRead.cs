using System.Security.Cryptography;

namespace StrictMail.Relay.Policy;

/// <summary>What one read of the policy file found, with a fingerprint to tell whether anything changed since the last read.</summary>
internal sealed record PolicyFileRead
{
    private PolicyFileRead(string fingerprint, byte[]? bytes, string? problem)
    {
        Fingerprint = fingerprint;
        Bytes = bytes;
        Problem = problem;
    }

    /// <summary>Equal for equal outcomes: the content hash, or the kind of failure.</summary>
    public string Fingerprint { get; }

    /// <summary>The file's bytes; null when it could not be read.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Why the file could not be read; null when it was.</summary>
    public string? Problem { get; }

    /// <summary>The file was read.</summary>
    public static PolicyFileRead Content(byte[] bytes) =>
        new("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, null);

    /// <summary>The file (or its directory) does not exist.</summary>
    public static PolicyFileRead Missing() =>
        new("missing", null, "The policy file does not exist; mount the ConfigMap the operator writes, or point Relay:PolicyFile at a compiled policy document.");

    /// <summary>The file exists but could not be read.</summary>
    public static PolicyFileRead Failed(string problem) => new("failed:" + problem, null, problem);
}
