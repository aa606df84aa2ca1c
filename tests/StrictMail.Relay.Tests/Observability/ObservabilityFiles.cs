using System.Text.Json;
using System.Text.RegularExpressions;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Observability;

/// <summary>
/// The top-level observability/ folder (dashboards, alert rules) and the README metric table they must agree with,
/// read from the repository the tests run in.
/// </summary>
internal static partial class ObservabilityFiles
{
    /// <summary>What the dashboards' variables and Grafana's interval macros stand for in a test query.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestSubstitutions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["$__rate_interval"] = "1m",
        ["$__range"] = "5m",
        ["$namespace"] = "mail",
        ["$policy"] = ".*",
    };

    /// <summary>The repository root (the folder holding Operator.sln).</summary>
    public static string Root => RepoPaths.Root;

    public static string AlertRules => Path.Combine(Root, "observability", "alerts", "strictmail-alerts.yaml");

    public static string AlertRuleTests => Path.Combine(Root, "observability", "alerts", "tests", "strictmail-alerts.test.yaml");

    public static IReadOnlyList<string> Dashboards =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "observability", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Every panel of a dashboard, rows' nested panels included (a row itself is no panel here).</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }

            if (panel.GetProperty("type").GetString() != "row")
            {
                yield return panel;
            }
        }
    }

    /// <summary>Every target expression of every panel of every dashboard.</summary>
    public static IReadOnlyList<PanelQuery> PanelQueries()
    {
        List<PanelQuery> queries = [];
        foreach (var file in Dashboards)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var panel in Panels(json.RootElement))
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    queries.Add(new PanelQuery(Path.GetFileName(file), panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
                }
            }
        }

        return queries;
    }

    /// <summary>The label_values(metric, label) queries of the dashboards' variables, as (metric selector, label).</summary>
    public static IReadOnlyList<(PanelQuery Query, string Selector, string Label)> VariableQueries()
    {
        List<(PanelQuery, string, string)> queries = [];
        foreach (var file in Dashboards)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                var query = variable.GetProperty("query").GetProperty("query").GetString()!;
                var match = LabelValues().Match(query);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(file)}: variable {variable.GetProperty("name")} is not label_values(selector, label): {query}");
                }

                queries.Add((new PanelQuery(Path.GetFileName(file), "$" + variable.GetProperty("name").GetString(), query), match.Groups["selector"].Value.Trim(), match.Groups["label"].Value.Trim()));
            }
        }

        return queries;
    }

    /// <summary><paramref name="expression"/> with the dashboard variables and macros replaced by <see cref="TestSubstitutions"/>.</summary>
    public static string Substitute(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);

        // Longest first, so "$__range" never eats part of a longer macro.
        foreach (var (name, value) in TestSubstitutions.OrderByDescending(s => s.Key.Length))
        {
            expression = expression.Replace(name, value, StringComparison.Ordinal);
        }

        return expression;
    }

    /// <summary>The metric names (strictmail_...) an expression or a file mentions.</summary>
    public static IReadOnlySet<string> MetricNames(string text) =>
        MetricName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The rows of the README "Metrics" table.</summary>
    public static IReadOnlyList<MetricTableRow> MetricTable()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "### Metrics");
        if (start < 0)
        {
            throw new InvalidOperationException("README.md has no \"### Metrics\" section.");
        }

        List<MetricTableRow> rows = [];
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 4 || !cells[0].StartsWith("`strictmail.", StringComparison.Ordinal))
            {
                continue;
            }

            var labels = Backticked().Matches(cells[3]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            rows.Add(new MetricTableRow(cells[0].Trim('`'), cells[1].Trim('`'), cells[2].Split(' ')[0], labels));
        }

        return rows;
    }

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\bstrictmail_[a-z0-9_]*[a-z0-9]")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();
}
