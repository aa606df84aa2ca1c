using System.Globalization;
using System.Net;
using System.Text.Json;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dnssec;

namespace StrictMail.Relay.Tests.Admin;

[Collection(RelayHostGroup.Name)]
public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Healthz_WithoutDocument_ReturnsOk()
    {
        await using var host = await RelayTestHost.StartAsync(content: null);

        using var response = await host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_WithoutDocument_Returns503WithReason()
    {
        await using var host = await RelayTestHost.StartAsync(content: null);

        using var response = await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("does not exist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WithDocument_Returns200()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("ready")));

        await Eventually.WaitAsync(
            async () => (await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            "/readyz answers 200");
    }

    [Fact]
    public async Task Readyz_NoDnssecResolver_SaysDnssecIsNotConfigured()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("ready")));

        await Eventually.WaitAsync(
            async () => (await host.Http.GetStringAsync(new Uri("/readyz", UriKind.Relative))).StartsWith("ready\ndnssec: not configured: ", StringComparison.Ordinal),
            "/readyz says ready and that no trusted validating resolver is configured");
    }

    [Fact]
    public async Task Readyz_ValidatingResolver_SaysValidatingNamingIt()
    {
        await using var lab = await DnssecLab.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["signed.test"] = ["mx IN A 127.0.0.9"] });
        await using var host = await RelayTestHost.StartAsync(
            dir =>
            {
                var path = Path.Combine(dir, "policy.json");
                File.WriteAllBytes(path, TestDocuments.Json(TestDocuments.Create("ready")));
                return path;
            },
            $"--Relay:Delivery:DnssecResolvers:0={lab.Resolver}",
            "--Relay:Delivery:DnssecCheckName=signed.test");

        await Eventually.WaitAsync(
            async () => (await host.Http.GetStringAsync(new Uri("/readyz", UriKind.Relative))).Contains($"dnssec: validating (checked ", StringComparison.Ordinal),
            "/readyz says the trusted resolver validates");
        Assert.Contains($"the resolver {lab.Resolver} authenticated signed.test (AD bit set)", await host.Http.GetStringAsync(new Uri("/readyz", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MtaSts_CachedPolicyOnTheVolume_ListedWithItsFields()
    {
        var fetched = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        await using var host = await RelayTestHost.StartAsync(dir =>
        {
            new StsCacheFile(Path.Combine(dir, "state")).Put(new StsCachedPolicy(
                "partner.test", "20261204", new StsPolicy(StsMode.Enforce, TimeSpan.FromDays(1), ["mx.partner.test", "*.backup.partner.test"]), fetched, fetched.AddDays(1)));
            var path = Path.Combine(dir, "policy.json");
            File.WriteAllBytes(path, TestDocuments.Json(TestDocuments.Create("sts")));
            return path;
        });

        using var answer = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("/mta-sts", UriKind.Relative)));

        var entry = Assert.Single(answer.RootElement.EnumerateArray());
        Assert.Equal(("partner.test", "20261204", "enforce", 86400), (entry.GetProperty("domain").GetString(), entry.GetProperty("id").GetString(), entry.GetProperty("mode").GetString(), entry.GetProperty("max_age").GetInt64()));
        Assert.Equal(["mx.partner.test", "*.backup.partner.test"], entry.GetProperty("mx").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((fetched, fetched.AddDays(1)), (entry.GetProperty("fetched").GetDateTimeOffset(), entry.GetProperty("expires").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task Policy_ValidDocument_ShowsRevisionCountSourceAndNoError()
    {
        var document = TestDocuments.Create("policy", 3);
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(document));
        await host.WaitForRevisionAsync(document.Revision);

        var (status, body) = await host.GetPolicyAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body.GetProperty("policies").GetInt32());
        Assert.Equal(host.PolicyFile, body.GetProperty("source").GetString());
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("lastError").ValueKind);
        var loadedAt = DateTimeOffset.Parse(body.GetProperty("loadedAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(loadedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Policy_NothingValidEverLoaded_Returns503WithLastError()
    {
        await using var host = await RelayTestHost.StartAsync("{ broken"u8.ToArray());

        var (status, body) = await host.GetPolicyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("revision").ValueKind);
        Assert.Contains("not valid JSON", body.GetProperty("lastError").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("lastError").TryGetProperty("at", out _));
    }

    [Fact]
    public async Task Metrics_AfterLoad_ExposesReloadCounterAndAppliedRevision()
    {
        var document = TestDocuments.Create("metrics");
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(document));

        await Eventually.WaitAsync(
            async () =>
            {
                var lines = await MetricLinesAsync(host);
                return lines.Any(l => l.StartsWith("strictmail_relay_policy_reloads_total{", StringComparison.Ordinal) && l.Contains("result=\"success\"", StringComparison.Ordinal))
                    && lines.Any(l => l.StartsWith("strictmail_relay_policy_info{", StringComparison.Ordinal) && l.Contains($"revision=\"{document.Revision}\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            },
            "/metrics shows the reload counter and the applied revision");
    }

    [Fact]
    public async Task Metrics_AfterReload_InfoShowsOnlyTheNewRevision()
    {
        var old = TestDocuments.Create("metrics-old");
        var next = TestDocuments.Create("metrics-new");
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(old));
        await host.WaitForRevisionAsync(old.Revision);

        PolicyFiles.ReplaceAtomically(host.PolicyFile, TestDocuments.Json(next));

        await Eventually.WaitAsync(
            async () =>
            {
                var info = (await MetricLinesAsync(host)).Where(l => l.StartsWith("strictmail_relay_policy_info{", StringComparison.Ordinal)).ToArray();
                return info.Length == 1 && info[0].Contains($"revision=\"{next.Revision}\"", StringComparison.Ordinal);
            },
            "/metrics shows only the new revision",
            // The reload waits for the file watcher or the 1 s poll; on 2 cores shared with the other test projects 5 s was once too little.
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Metrics_AfterRefusedFile_CountsFailure()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("metrics-failure")));

        PolicyFiles.ReplaceAtomically(host.PolicyFile, "[]"u8.ToArray());

        await Eventually.WaitAsync(
            async () => (await MetricLinesAsync(host)).Any(l => l.StartsWith("strictmail_relay_policy_reloads_total{", StringComparison.Ordinal) && l.Contains("result=\"failure\"", StringComparison.Ordinal)),
            "/metrics counts the refused file");
    }

    private static async Task<string[]> MetricLinesAsync(RelayTestHost host) =>
        (await host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
}
