using System.Security.Cryptography;
using System.Text;

namespace StrictMail.Relay.ReportSending;

/// <summary>
/// The bearer token that guards the TLS reporting endpoints of the admin port, read from Relay:Reporting:AdminTokenFile on
/// each check (a rotated Secret applies without a restart) and compared in constant time.
/// </summary>
internal sealed class AdminToken(string file)
{
    /// <summary>The shortest token accepted: a guessable one would open the hand-over to anyone in the cluster.</summary>
    public const int MinLength = 16;

    public bool Configured => !string.IsNullOrWhiteSpace(file);

    /// <summary>Null when <paramref name="authorization"/> ("Bearer &lt;token&gt;") carries the token; else why not, for the 401/403 answer.</summary>
    public string? Check(string? authorization)
    {
        if (!Configured)
        {
            return "the TLS reporting endpoints are closed: Relay:Reporting:AdminTokenFile is not set";
        }

        string expected;
        try
        {
            expected = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the admin token cannot be read ({e.Message})";
        }

        if (expected.Length < MinLength)
        {
            return $"the admin token in {file} is shorter than {MinLength} characters: the endpoints stay closed";
        }

        const string scheme = "Bearer ";
        var given = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization[scheme.Length..].Trim() : string.Empty;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)))
            ? null
            : "no or a wrong bearer token";
    }
}
