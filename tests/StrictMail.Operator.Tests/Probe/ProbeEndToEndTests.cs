using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>The operator as `run` builds it probing a loopback MX found through a loopback DNS server, against the fake API server.</summary>
public sealed class ProbeEndToEndTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Probe_SecurePolicyWhoseMxCertificateExpiresIn5Days_StatusWarningEventAndGauge()
    {
        using var dns = new TestDnsServer();
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.expiring.test", TimeSpan.FromDays(5));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        dns.AddMx("expiring.test", 10, "mx.expiring.test");
        dns.AddA("mx.expiring.test", mx.EndPoint.Address);
        using var gauge = new ExpiryGaugeListener();
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync(probeInterval: TimeSpan.FromSeconds(2), probePort: mx.EndPoint.Port, dnsServers: [dns.EndPoint]);

        await harness.ApplyAsync("expiring", new TlsPolicySpec { Level = "Secure", Domains = ["expiring.test", ".expiring.test"] });

        await Eventually.WaitAsync(() => harness.Policy("expiring")?.Status?.Probe?.Mx is [_], "status.probe has the MX host", Within);
        var entry = Assert.Single(harness.Policy("expiring")!.Status!.Probe!.Mx!);
        Assert.Equal(("mx.expiring.test", true, false, null), (entry.Host, entry.Starttls, entry.Verified, entry.Error));
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), UtcTime.Of(entry.NotAfter!.Value));
        Assert.True(entry.TlsVersion is "TLS1.2" or "TLS1.3", entry.TlsVersion);
        Assert.Equal("True", harness.Condition("expiring", PolicyConditionTypes.Accepted)?.Status);
        await harness.WaitForConditionAsync("expiring", PolicyConditionTypes.CertificateExpiring, "True");
        var expiring = harness.Condition("expiring", PolicyConditionTypes.CertificateExpiring)!;
        Assert.Equal(PolicyConditionTypes.ExpiresSoonReason, expiring.Reason);
        Assert.StartsWith("mx.expiring.test: certificate expires ", expiring.Message, StringComparison.Ordinal);

        var warning = await WaitForEventAsync(harness, "expiring", CertificateExpiry.Reason);
        Assert.Equal("Warning", warning.Type);
        Assert.Contains("mx.expiring.test", warning.Note, StringComparison.Ordinal);
        Assert.Contains("(in 5 days)", warning.Note, StringComparison.Ordinal);

        await Eventually.WaitAsync(() => gauge.Observe("mail/expiring").Count == 1, "the gauge has the policy's series", Within);
        var series = Assert.Single(gauge.Observe("mail/expiring"));
        Assert.Equal("mx.expiring.test", series.Mx);
        Assert.InRange(series.Seconds, TimeSpan.FromDays(5).TotalSeconds - 60, TimeSpan.FromDays(5).TotalSeconds);

        await harness.DeleteAsync("expiring");

        await Eventually.WaitAsync(() => gauge.Observe("mail/expiring").Count == 0, "the deleted policy's series is gone", Within);
    }

    [Fact]
    public async Task ControllerStatusWrite_AfterTheProbeWroteStatusProbe_ProbeSurvives()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", new TlsPolicySpec { Level = "Secure", Domains = ["bank.example"] });
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        await using var history = PolicyHistory.After(harness.Client, harness.Policy("bank")!);
        static bool StatusPatch(StrictMail.FakeKube.Faults.FakeKubeRequest r) =>
            r.Method == "PATCH" && r.Path.EndsWith("/tlspolicies/bank/status", StringComparison.Ordinal);
        var patchesBefore = harness.Server.Requests.Count(StatusPatch);

        // The controller's next status write reaches the server only after the probe's write: its cached
        // object (the new generation, read before the probe wrote) has no status.probe.
        harness.Server.Faults.DelayNext(1, TimeSpan.FromSeconds(1), StatusPatch);
        await harness.ApplyAsync("bank", new TlsPolicySpec { Level = "Verify", Domains = ["bank.example"] });
        await Eventually.WaitAsync(() => harness.Server.Requests.Count(StatusPatch) > patchesBefore, "the controller sent its status write", Within);
        var probe = new ProbeStatus
        {
            Time = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc),
            Mx = [new MxProbe { Host = "mx.bank.example", Starttls = true, TlsVersion = "TLS1.3", Verified = true, NotAfter = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc) }],
        };
        var patch = new JsonObject { ["status"] = new JsonObject { ["probe"] = JsonNode.Parse(KubernetesJson.Serialize(probe)) } };
        await harness.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), TlsPolicy.Group, TlsPolicy.Version, OperatorHarness.PolicyNamespace, TlsPolicy.Plural, "bank");

        await Eventually.WaitAsync(() => history.Versions.Any(v => v.Status?.ObservedGeneration == 2 && v.Status.Probe is null) || harness.Policy("bank")?.Status?.ObservedGeneration == 2, "the controller's delayed write landed", Within);
        await Task.Delay(500); // and whatever the controller writes after seeing the probe's write

        var versions = history.Versions;
        var probed = versions.SkipWhile(v => v.Status?.Probe is null).ToList();
        Assert.NotEmpty(probed);
        Assert.All(probed, v => Assert.True(v.Status?.Probe?.Time is not null, $"version {v.Metadata.ResourceVersion} (observedGeneration {v.Status?.ObservedGeneration}) lost status.probe"));
        var stored = harness.Policy("bank")!.Status!;
        Assert.Equal(2, stored.ObservedGeneration);
        Assert.Equal(probe.Time, UtcTime.Of(stored.Probe!.Time!.Value));
        Assert.Equal("mx.bank.example", Assert.Single(stored.Probe.Mx!).Host);
    }

    private static async Task<Eventsv1Event> WaitForEventAsync(OperatorHarness harness, string name, string reason)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var events = await harness.Client.EventsV1.ListNamespacedEventAsync(OperatorHarness.PolicyNamespace);
            var found = events.Items.FirstOrDefault(e => e.Reason == reason && e.Regarding?.Name == name && e.Regarding.Kind == TlsPolicy.EntityKind);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No {reason} Event about mail/{name}; events: " + string.Join("; ", events.Items.Select(e => $"{e.Reason} {e.Regarding?.Name}: {e.Note}")));
            }

            await Task.Delay(50);
        }
    }
}
