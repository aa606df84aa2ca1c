using System.Globalization;
using System.Text.RegularExpressions;

namespace StrictMail.TestSupport.Prometheus;

/// <summary>Reads samples from the Prometheus text exposition format (enough for gauges and counters with labels).</summary>
internal static partial class PrometheusText
{
    /// <summary>The value of each sample of <paramref name="metric"/>, keyed by the value of its label <paramref name="label"/>.</summary>
    public static IReadOnlyDictionary<string, double> ByLabel(string text, string metric, string label)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } sample || sample.Groups["name"].Value != metric)
            {
                continue;
            }

            var labels = Label().Matches(sample.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            if (labels.TryGetValue(label, out var key))
            {
                values[key] = double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\}\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>[^""]*)""")]
    private static partial Regex Label();
}
