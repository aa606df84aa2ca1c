namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// RFC 6125 name matching as Postfix does it: a pattern "name" matches that name exactly, a
/// pattern ".domain" matches any name below domain; a certificate's "*.x" stands for exactly one
/// label in front of x. Case-insensitive; pure.
/// </summary>
internal static class CertificateNameMatcher
{
    /// <summary>The first certificate name that satisfies one of the patterns, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> certificateNames, IEnumerable<string> patterns)
    {
        var patternList = patterns.Select(Normalize).ToList();
        foreach (var name in certificateNames.Select(Normalize))
        {
            if (patternList.Any(pattern => Matches(name, pattern)))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Whether one certificate name satisfies one pattern.</summary>
    public static bool Matches(string certificateName, string pattern)
    {
        var name = Normalize(certificateName);
        pattern = Normalize(pattern);
        if (name.Length == 0 || pattern.Length == 0)
        {
            return false;
        }

        if (pattern[0] == '.')
        {
            // Any name strictly below the domain; a wildcard "*.x" is below it when x is the domain or below it.
            var stem = name.StartsWith("*.", StringComparison.Ordinal) ? name[1..] : name;
            return stem.EndsWith(pattern, StringComparison.Ordinal);
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            var firstDot = pattern.IndexOf('.', StringComparison.Ordinal);
            return firstDot > 0 && pattern[firstDot..].Equals(name[1..], StringComparison.Ordinal);
        }

        return name.Equals(pattern, StringComparison.Ordinal);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
