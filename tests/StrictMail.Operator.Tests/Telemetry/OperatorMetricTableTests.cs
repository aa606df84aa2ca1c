using System.Net;
using k8s;
using Microsoft.AspNetCore.Builder;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Hosting;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Operator.Tests.Telemetry;

/// <summary>The operator's /metrics, scraped from the app `run` builds, against the README's metric table.</summary>
[Collection(OperatorMeterGroup.Name)]
public sealed class OperatorMetricTableTests
{
    // Recorded only in situations this scenario does not create: relays applying a policy, an MX probe.
    private static readonly string[] NotExercised = ["strictmail_operator_apply_lag_seconds", "strictmail_operator_probe_certificate_expiry_seconds"];

    [Fact]
    public async Task Scrape_AfterReconciling_EveryOperatorMetricMatchesTheTable()
    {
        var table = MetricTable.Read(await File.ReadAllTextAsync(RepoPaths.Of("README.md")), "strictmail.operator.");
        await using var harness = await OperatorHarness.StartAsync();
        var port = FreePort.Tcp(IPAddress.Loopback);
        var options = new RunOptions { Namespace = OperatorHarness.Namespace, Identity = "metrics", AdminUrl = $"http://127.0.0.1:{port}", LeaseDuration = TimeSpan.FromSeconds(3), ProbeInterval = TimeSpan.Zero };
        var app = OperatorApp.Build(options, new KubernetesClientConfiguration { Host = harness.Server.Url });
        await using (app)
        {
            await app.StartAsync();
            await harness.ApplyAsync("bank", new TlsPolicySpec { Level = "Secure", Domains = ["bank.example"] });
            await harness.ApplyAsync("broken", new TlsPolicySpec { Level = "Bogus", Domains = ["broken.example"] });
            await harness.WaitForConditionAsync("broken", "Accepted", "False");
            using var http = new HttpClient();
            var scrape = string.Empty;
            await Eventually.WaitAsync(
                () =>
                {
                    scrape = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
                    var exported = MetricScrape.Families(scrape, "strictmail_operator_").Keys;
                    return table.Keys.Except(NotExercised).All(exported.Contains);
                },
                "the operator exports its reconciliations",
                TimeSpan.FromSeconds(10));
            await app.StopAsync();

            var families = MetricScrape.Families(scrape, "strictmail_operator_");
            Assert.NotEmpty(table);
            foreach (var (name, labels) in families)
            {
                Assert.True(table.ContainsKey(name), $"{name} is exported but not in the README table");
                Assert.True(table[name].SetEquals(labels), $"{name}: README lists [{string.Join(", ", table[name])}], /metrics has [{string.Join(", ", labels)}]");
            }

            // Extra families may come from other operators in this test process (the exporter listens by meter name);
            // each was checked against the table above.
            Assert.Empty(table.Keys.Except(NotExercised).Except(families.Keys));
        }
    }
}
