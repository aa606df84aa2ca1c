namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// RFC 8461 4.1 MX matching: a pattern is a host name, matched exactly, or "*." and a domain, matching exactly one
/// left-most label in front of it ("*.example.com" matches "mx.example.com", neither "example.com" nor
/// "a.mx.example.com"). Case-insensitive, trailing dots ignored. Pure.
/// </summary>
internal static class StsMxPattern
{
    /// <summary>Whether <paramref name="host"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        pattern = pattern.TrimEnd('.').ToLowerInvariant();
        host = host.TrimEnd('.').ToLowerInvariant();
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return pattern.Length > 0 && pattern == host;
        }

        var suffix = pattern[1..];
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && host[dot..] == suffix;
    }

    /// <summary>The first of <paramref name="patterns"/> that <paramref name="host"/> matches, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> patterns, string host) => patterns.FirstOrDefault(p => Matches(p, host));

    /// <summary>A host name of letters, digits, hyphens and dots, optionally behind "*.", with at least two labels after a wildcard.</summary>
    public static bool IsValid(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        var labels = name.TrimEnd('.').Split('.');
        return name.Length is > 0 and <= 253
            && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-')
            && (!pattern.StartsWith("*.", StringComparison.Ordinal) || labels.Length >= 2);
    }
}
