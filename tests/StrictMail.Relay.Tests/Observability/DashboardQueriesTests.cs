// Tests of the top-level observability/ folder (dashboards, alert rules); they live in the relay's tests because the
// live checks run those files against a real relay process scraped by a real Prometheus.
using System.Globalization;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Prometheus;

namespace StrictMail.Relay.Tests.Observability;

/// <summary>
/// Every dashboard query and every alert expression, run by a real Prometheus against a real relay that went through
/// verified deliveries, a blocked downgrade, a continuity downgrade and bounces: each parses, and each returns data
/// unless it is listed here with the reason it cannot in this scenario.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DashboardQueriesTests
{
    // Panel titles and alert names that return nothing in this scenario, and why. Anything else must return data,
    // and these must not (so the list cannot go stale).
    private static readonly Dictionary<string, string> ExpectedEmpty = new(StringComparer.Ordinal)
    {
        ["Policy apply lag (p50, p95)"] = "operator metric: no operator runs here",
        ["Policies by state"] = "operator metric: no operator runs here",
        ["Reconciliations by result"] = "operator metric: no operator runs here",
        ["Partner certificate expiry (days)"] = "operator probe metric: no operator runs here",
        ["StrictMailPartnerCertificateExpiring"] = "operator probe metric: no operator runs here",
        ["StrictMailPolicyNotApplied"] = "one relay, one revision, no refused document",
        ["StrictMailQueueBacklogGrowing"] = "one deferred message, seconds old",
        ["StrictMailRelayDown"] = "the relay is up",
        ["StrictMailDnssecResolverNotValidating"] = "the scenario's resolver validates",
    };

    [Fact]
    public async Task Query_EveryPanelAndAlertAfterScenario_ParsesAndReturnsData()
    {
        await using var scenario = await ObservabilityScenario.StartAsync();
        var admin = scenario.Relay.Admin.BaseAddress!;
        await using var prometheus = await PrometheusServer.StartAsync(
            new System.Net.IPEndPoint(System.Net.IPAddress.Parse(admin.Host), admin.Port),
            new Dictionary<string, string> { ["namespace"] = "mail", ["pod"] = "relay-0" },
            [ObservabilityFiles.AlertRules]);
        await prometheus.WaitForAsync("up{job=\"strictmail-relay\"} == 1", r => r.Series.Count == 1, "Prometheus scrapes the relay");

        await scenario.RunFirstWaveAsync();
        await prometheus.WaitForAsync(
            "count(strictmail_relay_bounces_total) + count(strictmail_relay_downgrade_attempts_total{action=\"blocked\"}) + count(strictmail_relay_deliveries_total{outcome=\"delivered\"})",
            r => r.Series.Count == 1 && Value(r.Series[0].Value) >= 5,
            "Prometheus has scraped wave one (bounce, blocked downgrade, deliveries under four policies)");
        await scenario.RunSecondWaveAsync();
        await prometheus.WaitForAsync(
            "sum(strictmail_relay_bounces_total) >= 2 and on() sum(strictmail_relay_deliveries_total{policy=\"mail/partner\",outcome=\"delivered\"}) >= 12 and on() count(strictmail_relay_downgrade_attempts_total{action=\"allowed\"}) >= 1",
            r => r.Series.Count == 1,
            "Prometheus has scraped wave two (second bounce, 11 more verified deliveries, allowed downgrade)");

        // rate() needs two samples in its window: the series that appear last in wave one (MTA-STS, refusals, TLS reports)
        // must have been scraped twice, or a slow scrape on a busy machine leaves their panels empty.
        await prometheus.WaitForAsync(
            "min(count_over_time(strictmail_relay_tlsrpt_reports_total[1m])) >= 2 and on() min(count_over_time(strictmail_relay_inbound_refusals_total[1m])) >= 2 and on() min(count_over_time(strictmail_relay_deliveries_total{level=\"MtaSts\"}[1m])) >= 2 and on() min(count_over_time(strictmail_relay_downgrade_attempts_total{result_type=\"sts-policy-fetch-error\"}[1m])) >= 2",
            r => r.Series.Count == 1,
            "Prometheus has two samples of the series wave one created last");

        var rules = await prometheus.RulesAsync();
        var queries = ObservabilityFiles.PanelQueries()
            .Concat(rules.Select(rule => new PanelQuery("strictmail-alerts.yaml", rule.Name, rule.Query)))
            .ToList();
        List<string> problems = [];
        Dictionary<string, PrometheusQueryResult> results = new(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var expression = ObservabilityFiles.Substitute(query.Expression);
            if (expression.Contains('$', StringComparison.Ordinal))
            {
                problems.Add($"{query}: a variable is left after substitution: {expression}");
                continue;
            }

            var result = await prometheus.QueryAsync(expression);
            results[query.Title] = result;
            var expectedEmpty = ExpectedEmpty.ContainsKey(query.Title);
            if (!result.Success)
            {
                problems.Add($"{query}: {result.Error}");
            }
            else if (!expectedEmpty && result.Series.Count == 0)
            {
                problems.Add($"{query}: no data");
            }
            else if (expectedEmpty && result.Series.Count > 0)
            {
                problems.Add($"{query}: listed as empty ({ExpectedEmpty[query.Title]}) but returned {result}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {queries.Count} queries:\n{string.Join("\n", problems)}\n{scenario.Relay.Output.Tail("relay output", 30)}");
        Assert.Equal(8, rules.Count(r => r.Type == "alerting"));
        Assert.Equal(["mail/bank", "mail/dane"], results["StrictMailDowngradeBlocked"].Series.Select(s => s.Labels["policy"]));
        Assert.Equal(["mail/cont"], results["StrictMailDowngradeAllowedByContinuity"].Series.Select(s => s.Labels["policy"]));
        Assert.Equal(["mail/partner"], results["StrictMailBounceRateHigh"].Series.Select(s => s.Labels["policy"]));
        var verified = Value(Assert.Single(results["Mail over verified TLS"].Series).Value);
        Assert.InRange(verified, 0.01, 0.99);
    }

    [Fact]
    public async Task Query_VariablesAfterScenario_OfferNamespaceAndPolicies()
    {
        await using var scenario = await ObservabilityScenario.StartAsync();
        var admin = scenario.Relay.Admin.BaseAddress!;
        await using var prometheus = await PrometheusServer.StartAsync(
            new System.Net.IPEndPoint(System.Net.IPAddress.Parse(admin.Host), admin.Port),
            new Dictionary<string, string> { ["namespace"] = "mail", ["pod"] = "relay-0" },
            []);
        await scenario.RunFirstWaveAsync();
        await prometheus.WaitForAsync("count(strictmail_relay_deliveries_total)", r => r.Series.Count == 1 && Value(r.Series[0].Value) >= 4, "Prometheus has scraped wave one");

        var offered = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (query, selector, label) in ObservabilityFiles.VariableQueries())
        {
            var result = await prometheus.QueryAsync(ObservabilityFiles.Substitute(selector));
            Assert.True(result.Success, $"{query}: {result}");
            var values = offered.TryGetValue(query.Title, out var set) ? set : offered[query.Title] = new HashSet<string>(StringComparer.Ordinal);
            values.UnionWith(result.Series.Where(s => s.Labels.ContainsKey(label)).Select(s => s.Labels[label]));
        }

        Assert.Equal(["mail"], offered["$namespace"]);
        Assert.Equal(["mail/bank", "mail/cont", "mail/dane", "mail/default", "mail/partner"], offered["$policy"].Order(StringComparer.Ordinal));
    }

    private static double Value(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
