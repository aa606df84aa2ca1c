// Tests of the top-level observability/ folder and the README metric table it relies on; they live in the relay's
// tests because they compare the table with what a real relay process exports.
using System.Text.RegularExpressions;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Observability;

/// <summary>The README metric table and a real relay's /metrics describe the same relay metrics with the same labels.</summary>
[Collection(RelayHostGroup.Name)]
public sealed partial class MetricTableTests
{
    [Fact]
    public async Task Scrape_AfterScenario_MatchesReadmeTableBothWays()
    {
        var table = ObservabilityFiles.MetricTable().Where(r => r.OpenTelemetryName.StartsWith("strictmail.relay.", StringComparison.Ordinal)).ToList();
        await using var scenario = await ObservabilityScenario.StartAsync();
        await scenario.RunFirstWaveAsync();

        var scrape = await scenario.MetricsAsync();
        var families = Parse(scrape);
        List<string> problems = [];
        foreach (var row in table)
        {
            var expected = row.Labels.Select(l => l.Replace('.', '_')).Order(StringComparer.Ordinal).ToList();
            if (!families.TryGetValue(row.PrometheusName, out var family))
            {
                problems.Add($"README lists {row.PrometheusName} ({row.OpenTelemetryName}); /metrics has no such family");
                continue;
            }

            if (family.Type != row.Type)
            {
                problems.Add($"{row.PrometheusName}: README says {row.Type}, /metrics says {family.Type}");
            }

            problems.AddRange(family.LabelSets.Where(set => !set.SequenceEqual(expected)).Select(set =>
                $"{row.PrometheusName}: README lists labels [{string.Join(", ", expected)}], /metrics has [{string.Join(", ", set)}]"));
        }

        problems.AddRange(families.Keys.Where(name => name.StartsWith("strictmail_relay_", StringComparison.Ordinal) && table.All(r => r.PrometheusName != name))
            .Select(name => $"/metrics exports {name} ({families[name].Type}), which the README table does not list"));

        Assert.NotEmpty(table);
        Assert.True(problems.Count == 0, $"{string.Join("\n", problems)}\n--- /metrics ---\n{scrape}");
    }

    // Families by the name on their # TYPE line, with the label names of each sample; labels the exporter adds to
    // every series (otel_scope_*) and histogram bucket bounds (le) are not the relay's.
    private static Dictionary<string, (string Type, List<List<string>> LabelSets)> Parse(string scrape)
    {
        var families = new Dictionary<string, (string Type, List<List<string>> LabelSets)>(StringComparer.Ordinal);
        foreach (var line in scrape.Split('\n'))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                families[type.Groups["name"].Value] = (type.Groups["type"].Value, []);
                continue;
            }

            if (Sample().Match(line) is not { Success: true } sample)
            {
                continue;
            }

            var name = sample.Groups["name"].Value;
            var family = families.Keys.FirstOrDefault(f => name == f || (families[f].Type == "histogram" && name is var n && (n == f + "_bucket" || n == f + "_sum" || n == f + "_count")));
            if (family is null)
            {
                continue;
            }

            var labels = LabelName().Matches(sample.Groups["labels"].Value).Select(m => m.Groups["key"].Value)
                .Where(k => !k.StartsWith("otel_scope_", StringComparison.Ordinal) && k != "le")
                .Order(StringComparer.Ordinal).ToList();
            families[family].LabelSets.Add(labels);
        }

        return families;
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+\S+")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
