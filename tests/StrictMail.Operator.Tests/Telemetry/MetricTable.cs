using System.Text.RegularExpressions;

namespace StrictMail.Operator.Tests.Telemetry;

/// <summary>The README's metric table: Prometheus name to its labels, for rows whose OpenTelemetry name starts with a prefix.</summary>
internal static partial class MetricTable
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string readme, string otelPrefix)
    {
        var rows = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var line in readme.Split('\n'))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 6 || !cells[1].StartsWith("`" + otelPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var prometheus = cells[2].Trim('`');
            var labels = Parenthesized().Replace(cells[4], string.Empty);
            rows[prometheus] = Backticked().Matches(labels).Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet(StringComparer.Ordinal);
        }

        return rows;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
