using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using StrictMail.Chart.Tests.Rendering;
using StrictMail.TestSupport.Prometheus;

namespace StrictMail.Chart.Tests.Observability;

public sealed partial class ObservabilityTests
{
    private static readonly string[] RuleKeys = ["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"];

    [Fact]
    public void ServiceMonitor_AllOn_ScrapesTheAdminPortOfBothComponents()
    {
        var chart = Renders.AllOn;
        var monitor = chart.Single("ServiceMonitor").Json;
        var spec = monitor["spec"]!.AsObject();

        Assert.Equal("monitoring.coreos.com/v1", (string?)monitor["apiVersion"]);
        Assert.Equal(["endpoints", "namespaceSelector", "selector"], spec.Select(p => p.Key).Order());
        Assert.Equal("prometheus", (string?)monitor["metadata"]!["labels"]!["release"]);
        var endpoint = spec["endpoints"]!.AsArray().Single()!.AsObject();
        Assert.Equal(("admin", "/metrics"), ((string?)endpoint["port"], (string?)endpoint["path"]));
        Assert.Equal(HelmTemplate.Namespace, (string?)spec["namespaceSelector"]!["matchNames"]![0]);

        var selector = spec["selector"]!["matchLabels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var scraped = chart.OfKind("Service").Select(d => d.As<V1Service>())
            .Where(s => selector.All(l => s.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToArray();
        Assert.Equal(["strictmail-operator", "strictmail-relay-admin"], scraped.Select(s => s.Metadata.Name).Order());
        Assert.All(scraped, s => Assert.Contains(s.Spec.Ports, p => p.Name == "admin"));
    }

    [Fact]
    public void PrometheusRule_AllOn_CarriesTheAlertFilesGroupsUnchanged()
    {
        var rule = Renders.AllOn.Single("PrometheusRule").Json;
        var expected = new JsonArray();
        foreach (var file in ChartFiles("alerts", "*.yaml"))
        {
            foreach (var group in YamlJson.Parse(File.ReadAllText(file))!["groups"]!.AsArray())
            {
                expected.Add(group!.DeepClone());
            }
        }

        Assert.Equal(["groups"], rule["spec"]!.AsObject().Select(p => p.Key));
        Assert.NotEmpty(expected);
        Assert.True(JsonNode.DeepEquals(expected, rule["spec"]!["groups"]), rule["spec"]!["groups"]!.ToJsonString());
    }

    [Fact]
    public void PrometheusRule_AllOn_HasWellFormedGroupsAndRules()
    {
        var groups = Renders.AllOn.Single("PrometheusRule").Json["spec"]!["groups"]!.AsArray();

        Assert.All(groups, g =>
        {
            Assert.False(string.IsNullOrEmpty((string?)g!["name"]));
            Assert.All(g["rules"]!.AsArray(), r =>
            {
                Assert.All(r!.AsObject(), p => Assert.Contains(p.Key, RuleKeys));
                Assert.True(r["alert"] is not null ^ r["record"] is not null);
                Assert.False(string.IsNullOrWhiteSpace((string?)r["expr"]));
            });
        });
    }

    [Fact]
    public void PrometheusRule_JobMatchers_MatchAServiceTheServiceMonitorScrapes()
    {
        // A ServiceMonitor's job label is the scraped Service's name: an alert on up{job=~"..."} that
        // matches none of them would stay silent (absent() aside) when every relay is down.
        var chart = Renders.AllOn;
        var expressions = chart.Single("PrometheusRule").Json["spec"]!["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["expr"]!).ToArray();
        var scraped = chart.OfKind("Service").Where(d => (string?)d.Json["metadata"]!["labels"]!["strictmail.io/metrics"] == "true").Select(d => d.Name).ToArray();
        var matchers = expressions.SelectMany(e => JobMatcher().Matches(e)).Select(m => m.Groups[1].Value).Distinct().ToArray();

        Assert.NotEmpty(scraped);
        Assert.All(matchers, m => Assert.Contains(scraped, name => Regex.IsMatch(name, "^(?:" + m + ")$")));
    }

    [Fact]
    public async Task PrometheusRule_AllOn_PassesPromtoolCheckRules()
    {
        var spec = Renders.AllOn.Single("PrometheusRule").Json["spec"]!;

        var (exitCode, output) = await Promtool.CheckRulesAsync(spec.ToJsonString());

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_BrokenExpression_Fails()
    {
        var (exitCode, output) = await Promtool.CheckRulesAsync("""{"groups":[{"name":"g","rules":[{"alert":"A","expr":"sum(rate(x[5m]"}]}]}""");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboards_AllOn_OneConfigMapPerDashboardWithTheSidecarLabel()
    {
        var files = ChartFiles("dashboards", "*.json");
        var maps = Renders.AllOn.OfKind("ConfigMap").Select(d => d.As<V1ConfigMap>()).ToArray();

        Assert.NotEmpty(files);
        Assert.Equal(files.Length, maps.Length);
        foreach (var map in maps)
        {
            Assert.Equal("1", map.Metadata.Labels["grafana_dashboard"]);
            Assert.Equal("monitoring", map.Metadata.NamespaceProperty);
            var (name, json) = map.Data.Single();
            Assert.Equal(File.ReadAllText(Path.Combine(ChartPaths.Chart, "files", "dashboards", name)).TrimEnd(), json.TrimEnd());
        }
    }

    [Fact]
    public void Dashboards_EveryFile_IsAGrafanaDashboardObject()
    {
        foreach (var file in ChartFiles("dashboards", "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var root = dashboard.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()), file);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("uid").GetString()), file);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("panels").ValueKind);
        }
    }

    [GeneratedRegex("job=~\"([^\"]+)\"")]
    private static partial Regex JobMatcher();

    private static string[] ChartFiles(string folder, string pattern) =>
        Directory.GetFiles(Path.Combine(ChartPaths.Chart, "files", folder), pattern).Order(StringComparer.Ordinal).ToArray();
}
