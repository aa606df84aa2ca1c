// Tests of the top-level observability/ folder (dashboards, alert rules); they live in the relay's tests because the
// live checks run those files against a real relay process scraped by a real Prometheus.
using System.Text.Json;
using System.Text.RegularExpressions;
using StrictMail.TestSupport.Prometheus;

namespace StrictMail.Relay.Tests.Observability;

/// <summary>The rule file and dashboards are valid, and speak only of metrics the README documents.</summary>
public sealed partial class PromtoolTests
{
    // Metrics the dashboards and alerts use before the README documents them, each with the work that adds the row.
    // A name leaves this list when its README row lands (the test then checks it like any other).
    private static readonly Dictionary<string, string> Undocumented = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public async Task CheckRules_AlertRuleFile_Succeeds()
    {
        var (exitCode, output) = await Promtool.RunAsync(ObservabilityFiles.Root, "check", "rules", ObservabilityFiles.AlertRules);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 8 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_AlertRuleTests_Succeed()
    {
        var (exitCode, output) = await Promtool.RunAsync(ObservabilityFiles.Root, "test", "rules", ObservabilityFiles.AlertRuleTests);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboards_EveryPanel_UsesDatasourceVariableAndHasExpressions()
    {
        List<string> problems = [];
        foreach (var file in ObservabilityFiles.Dashboards)
        {
            var name = Path.GetFileName(file);
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var dashboard = json.RootElement;
            if (dashboard.GetProperty("uid").GetString() is not { Length: > 0 })
            {
                problems.Add($"{name}: no uid");
            }

            if (dashboard.GetProperty("schemaVersion").GetInt32() < 36)
            {
                problems.Add($"{name}: schemaVersion below 36");
            }

            var panels = ObservabilityFiles.Panels(dashboard).ToList();
            if (panels.Count == 0)
            {
                problems.Add($"{name}: no panels");
            }

            foreach (var panel in panels)
            {
                var title = $"{name} / {panel.GetProperty("title").GetString()}";
                if (!UsesDatasourceVariable(panel))
                {
                    problems.Add($"{title}: datasource is not ${{datasource}}");
                }

                var targets = panel.TryGetProperty("targets", out var t) ? t.EnumerateArray().ToList() : [];
                if (!targets.Any(target => target.TryGetProperty("expr", out var expr) && !string.IsNullOrWhiteSpace(expr.GetString())))
                {
                    problems.Add($"{title}: no target with an expr");
                }

                problems.AddRange(targets.Where(target => target.TryGetProperty("datasource", out _) && !UsesDatasourceVariable(target)).Select(_ => $"{title}: a target's datasource is not ${{datasource}}"));
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Dashboards_Templating_HasDatasourceNamespaceAndPolicyVariables()
    {
        foreach (var file in ObservabilityFiles.Dashboards)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var variables = json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
                .ToDictionary(v => v.GetProperty("name").GetString()!, StringComparer.Ordinal);

            Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
            Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
            Assert.Equal("label_values(strictmail_relay_policy_info, namespace)", variables["namespace"].GetProperty("query").GetProperty("query").GetString());
            Assert.Equal("label_values(strictmail_relay_deliveries_total{namespace=~\"$namespace\"}, policy)", variables["policy"].GetProperty("query").GetProperty("query").GetString());
        }
    }

    [Fact]
    public void Dashboards_RangeFunctions_UseRateIntervalOrRange()
    {
        // rate() and irate() follow the scrape interval ($__rate_interval); increase() in instant tables and pie charts may cover the whole range.
        var wrong = ObservabilityFiles.PanelQueries()
            .SelectMany(q => RangeFunction().Matches(q.Expression).Select(m => (q, Function: m.Groups["function"].Value, Window: m.Groups["window"].Value)))
            .Where(x => x.Window != "$__rate_interval" && !(x.Function == "increase" && x.Window == "$__range"))
            .Select(x => $"{x.q}: {x.Function}(...[{x.Window}])")
            .ToList();

        Assert.NotEmpty(ObservabilityFiles.PanelQueries());
        Assert.Empty(wrong);
    }

    [Fact]
    public void MetricNames_InDashboardsAndAlerts_AreInReadmeMetricTable()
    {
        var documented = ObservabilityFiles.MetricTable().ToDictionary(r => r.PrometheusName, StringComparer.Ordinal);
        var used = ObservabilityFiles.PanelQueries().SelectMany(q => ObservabilityFiles.MetricNames(q.Expression).Select(name => (name, where: q.ToString())))
            .Concat(ObservabilityFiles.MetricNames(File.ReadAllText(ObservabilityFiles.AlertRules)).Select(name => (name, where: "strictmail-alerts.yaml")))
            .ToList();

        var missing = used.Where(u => !IsDocumented(u.name, documented) && !Undocumented.ContainsKey(u.name)).Select(u => $"{u.name} ({u.where})").Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.Empty(missing);
    }

    private static bool IsDocumented(string name, Dictionary<string, MetricTableRow> documented)
    {
        if (documented.ContainsKey(name))
        {
            return true;
        }

        var histogram = HistogramSeries().Match(name);
        return histogram.Success && documented.TryGetValue(histogram.Groups["family"].Value, out var row) && row.Type == "histogram";
    }

    private static bool UsesDatasourceVariable(JsonElement element) =>
        element.TryGetProperty("datasource", out var datasource)
        && datasource.ValueKind == JsonValueKind.Object
        && datasource.TryGetProperty("uid", out var uid)
        && uid.GetString() == "${datasource}";

    [GeneratedRegex(@"\b(?<function>rate|irate|increase|delta|deriv|idelta|[a-z]+_over_time)\((?:[^()\[]|\([^()]*\))*\[(?<window>[^\]]+)\]")]
    private static partial Regex RangeFunction();

    [GeneratedRegex(@"^(?<family>.+)_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
