using System.Globalization;
using System.Security.Cryptography;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>
/// Hashes and checks SMTP AUTH passwords as "pbkdf2-sha256$iterations$salt$hash" (base64), the users file format. The
/// defaults follow OWASP's 2023 advice for PBKDF2-HMAC-SHA256: 600,000 iterations, 16-byte salt, 32-byte hash.
/// </summary>
internal static class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";
    public const int DefaultIterations = 600_000;
    public const int SaltSize = 16;
    public const int HashSize = 32;

    // Bounds on what a users file may ask for: fewer is not a password hash, more would stall every login.
    public const int MinIterations = 1_000;
    public const int MaxIterations = 10_000_000;

    /// <summary>Hashes <paramref name="password"/> (UTF-8 bytes) with a fresh random salt.</summary>
    public static string Hash(ReadOnlySpan<byte> password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Parses a stored hash string; null when it is not "pbkdf2-sha256$n$salt$hash" with sane values.</summary>
    public static PasswordHash? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < MinIterations or > MaxIterations)
        {
            return null;
        }

        var salt = FromBase64(parts[2]);
        var hash = FromBase64(parts[3]);
        return salt is { Length: >= 8 } && hash is { Length: >= 16 } ? new PasswordHash(iterations, salt, hash) : null;
    }

    /// <summary>True when <paramref name="password"/> matches; the comparison takes the same time wherever the bytes differ.</summary>
    public static bool Verify(PasswordHash stored, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
