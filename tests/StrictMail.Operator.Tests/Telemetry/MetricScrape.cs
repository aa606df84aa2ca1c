using System.Text.RegularExpressions;

namespace StrictMail.Operator.Tests.Telemetry;

/// <summary>A Prometheus text scrape: metric family name to the label names its samples carry (histogram suffixes, le and OpenTelemetry scope labels folded away).</summary>
internal static partial class MetricScrape
{
    private static readonly string[] Ignored = ["le", "otel_scope_name", "otel_scope_version", "otel_scope_schema_url", "job", "instance"];

    public static IReadOnlyDictionary<string, HashSet<string>> Families(string text, string prefix)
    {
        var families = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success || !match.Groups["name"].Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Suffix().Replace(match.Groups["name"].Value, string.Empty);
            if (!families.TryGetValue(name, out var labels))
            {
                families[name] = labels = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                if (!Ignored.Contains(label.Groups[1].Value))
                {
                    labels.Add(label.Groups[1].Value);
                }
            }
        }

        return families;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s")]
    private static partial Regex Sample();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex Suffix();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex Label();
}
