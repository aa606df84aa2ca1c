using System.Globalization;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// A parsed MTA-STS policy file (RFC 8461 3.2): "key: value" lines; version STSv1, mode, max_age (0 to 31557600
/// seconds) and, unless the mode is none, one or more mx patterns. Unknown keys are ignored; a repeated key other than
/// mx keeps its first value. Pure.
/// </summary>
/// <param name="Mode">enforce, testing or none.</param>
/// <param name="MaxAge">How long the policy may be cached.</param>
/// <param name="MxPatterns">Host names or "*.suffix" patterns the MX must match.</param>
internal sealed record StsPolicy(StsMode Mode, TimeSpan MaxAge, IReadOnlyList<string> MxPatterns)
{
    /// <summary>The largest max_age RFC 8461 allows (about one year).</summary>
    public const long MaxAgeLimit = 31557600;

    /// <summary>The policy in <paramref name="text"/>, or null with what is wrong.</summary>
    public static (StsPolicy? Policy, string? Problem) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var mx = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (null, $"the line '{Shorten(line)}' is not 'key: value'");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (key == "mx")
            {
                mx.Add(value.TrimEnd('.').ToLowerInvariant());
            }
            else
            {
                fields.TryAdd(key, value);
            }
        }

        if (fields.GetValueOrDefault("version") != "STSv1")
        {
            return (null, fields.TryGetValue("version", out var version) ? $"version '{Shorten(version)}' is not STSv1" : "the policy has no version field");
        }

        StsMode? mode = fields.GetValueOrDefault("mode") switch
        {
            "enforce" => StsMode.Enforce,
            "testing" => StsMode.Testing,
            "none" => StsMode.None,
            _ => null,
        };
        if (mode is null)
        {
            return (null, fields.TryGetValue("mode", out var bad) ? $"mode '{Shorten(bad)}' is not enforce, testing or none" : "the policy has no mode field");
        }

        if (!fields.TryGetValue("max_age", out var age)
            || age.Length is 0 or > 10
            || !age.All(char.IsAsciiDigit)
            || long.Parse(age, CultureInfo.InvariantCulture) > MaxAgeLimit)
        {
            return (null, age is null ? "the policy has no max_age field" : $"max_age '{Shorten(age)}' is not a number of seconds from 0 to {MaxAgeLimit}");
        }

        if (mode != StsMode.None && mx.Count == 0)
        {
            return (null, $"mode {fields["mode"]} needs at least one mx pattern");
        }

        var invalid = mx.FirstOrDefault(p => !StsMxPattern.IsValid(p));
        return invalid is not null
            ? (null, $"mx '{Shorten(invalid)}' is not a host name or a '*.' pattern")
            : (new StsPolicy(mode.Value, TimeSpan.FromSeconds(long.Parse(age, CultureInfo.InvariantCulture)), mx), null);
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;
}
