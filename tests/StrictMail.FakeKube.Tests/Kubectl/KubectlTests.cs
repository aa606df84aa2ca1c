using System.Text.Json.Nodes;
using StrictMail.FakeKube.Tests.TestSupport;

namespace StrictMail.FakeKube.Tests.Kubectl;

/// <summary>kubectl 1.32 as a second, independent client of the fake (it needs --validate=false: the fake serves no OpenAPI).</summary>
public sealed class KubectlTests
{
    private const string PolicyYaml = """
        apiVersion: strictmail.io/v1alpha1
        kind: TlsPolicy
        metadata:
          name: bank
        spec:
          domains: [bank.example]
          level: LEVEL
          mode: Enforce
        """;

    [Fact]
    public async Task ApplyGetDelete_TlsPolicy_BehaveAsOnACluster()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var kubectl = new StrictMail.FakeKube.Kubectl(server, Clients.Namespace);
        var policy = Path.Combine(kubectl.Directory, "policy.yaml");

        var crd = await Succeed(kubectl, "apply", "--validate=false", "-f", TlsPolicies.CrdPath);
        File.WriteAllText(policy, PolicyYaml.Replace("LEVEL", "Secure", StringComparison.Ordinal));
        var created = await Succeed(kubectl, "apply", "--validate=false", "-f", policy);
        var table = await Succeed(kubectl, "get", "tlsp");
        File.WriteAllText(policy, PolicyYaml.Replace("LEVEL", "Verify", StringComparison.Ordinal));
        var configured = await Succeed(kubectl, "apply", "--validate=false", "-f", policy);
        var json = JsonNode.Parse(await Succeed(kubectl, "get", "tlsp", "bank", "-o", "json"))!;
        var deleted = await Succeed(kubectl, "delete", "tlsp", "bank");

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/tlspolicies.strictmail.io created", crd, StringComparison.Ordinal);
        Assert.Contains("tlspolicy.strictmail.io/bank created", created, StringComparison.Ordinal);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "LEVEL", "MODE", "DOMAINS", "READY", "APPLIED", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bank   Secure   Enforce", lines[1], StringComparison.Ordinal);
        Assert.Contains("tlspolicy.strictmail.io/bank configured", configured, StringComparison.Ordinal);
        Assert.Equal("Verify", (string?)json["spec"]?["level"]);
        Assert.Equal(2, (long?)json["metadata"]?["generation"]);
        Assert.Contains("tlspolicy.strictmail.io \"bank\" deleted", deleted, StringComparison.Ordinal);
        Assert.Null(server.Find("strictmail.io/v1alpha1", "TlsPolicy", Clients.Namespace, "bank"));
    }

    [Fact]
    public async Task Wait_ReadyConditionSetLater_Succeeds()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        server.Seed(TlsPolicies.Policy("bank"));
        using var client = Clients.For(server);
        using var kubectl = new StrictMail.FakeKube.Kubectl(server, Clients.Namespace);

        var waiting = kubectl.RunAsync("wait", "--for=condition=Ready", "tlsp/bank", "--timeout=10s");
        await Task.Delay(500);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new k8s.Models.V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Applied","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""", k8s.Models.V1Patch.PatchType.MergePatch),
            TlsPolicies.PolicyGroup, TlsPolicies.PolicyVersion, Clients.Namespace, TlsPolicies.PolicyPlural, "bank");
        var (code, output, error) = await waiting;

        Assert.True(code == 0, $"kubectl wait exited {code}: {output} {error}");
        Assert.Contains("tlspolicy.strictmail.io/bank condition met", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyTwiceGetDelete_ConfigMap_UsesStrategicMergePatchAsMergePatch()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var kubectl = new StrictMail.FakeKube.Kubectl(server, Clients.Namespace);
        var manifest = Path.Combine(kubectl.Directory, "cm.yaml");

        File.WriteAllText(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doc\ndata:\n  a: one\n");
        var created = await Succeed(kubectl, "apply", "--validate=false", "-f", manifest);
        File.WriteAllText(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doc\ndata:\n  a: two\n");
        var configured = await Succeed(kubectl, "apply", "--validate=false", "-f", manifest);
        var table = await Succeed(kubectl, "get", "cm");
        var json = JsonNode.Parse(await Succeed(kubectl, "get", "configmap", "doc", "-o", "json"))!;
        await Succeed(kubectl, "delete", "-f", manifest);

        Assert.Contains("configmap/doc created", created, StringComparison.Ordinal);
        Assert.Contains("configmap/doc configured", configured, StringComparison.Ordinal);
        Assert.StartsWith("NAME", table, StringComparison.Ordinal);
        Assert.Contains("doc", table, StringComparison.Ordinal);
        Assert.Equal("two", (string?)json["data"]?["a"]);
        Assert.Null(server.Find("v1", "ConfigMap", Clients.Namespace, "doc"));
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsUntilFinalizerRemoved()
    {
        await using var server = await FakeKubeServer.StartAsync();
        TlsPolicies.SeedCrd(server);
        var policy = TlsPolicies.Policy("bank");
        policy["metadata"]!["finalizers"] = new JsonArray("strictmail.io/cleanup");
        server.Seed(policy);
        using var client = Clients.For(server);
        using var kubectl = new StrictMail.FakeKube.Kubectl(server, Clients.Namespace);

        var deleting = kubectl.RunAsync("delete", "tlsp", "bank", "--timeout=10s");
        JsonObject? stillThere = null;
        for (var i = 0; i < 100 && stillThere?["metadata"]?["deletionTimestamp"] is null; i++)
        {
            await Task.Delay(100);
            stillThere = server.Find("strictmail.io/v1alpha1", "TlsPolicy", Clients.Namespace, "bank");
        }

        await Task.Delay(300);
        var finishedEarly = deleting.IsCompleted;
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("""{"metadata":{"finalizers":null}}""", k8s.Models.V1Patch.PatchType.MergePatch),
            TlsPolicies.PolicyGroup, TlsPolicies.PolicyVersion, Clients.Namespace, TlsPolicies.PolicyPlural, "bank");
        var (code, output, error) = await deleting;

        Assert.NotNull(stillThere?["metadata"]?["deletionTimestamp"]);
        Assert.False(finishedEarly);
        Assert.True(code == 0, $"kubectl delete exited {code}: {output} {error}");
        Assert.Null(server.Find("strictmail.io/v1alpha1", "TlsPolicy", Clients.Namespace, "bank"));
    }

    [Fact]
    public async Task CreateBuiltIn_KubectlSendsProtobuf_Answers415WithAdvice()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var kubectl = new StrictMail.FakeKube.Kubectl(server, Clients.Namespace);

        var (code, _, error) = await kubectl.RunAsync("create", "configmap", "x", "--from-literal=a=b");

        Assert.NotEqual(0, code);
        Assert.Contains("JSON only", error, StringComparison.Ordinal);
    }

    private static async Task<string> Succeed(StrictMail.FakeKube.Kubectl kubectl, params string[] arguments)
    {
        var (code, output, error) = await kubectl.RunAsync(arguments);
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)} exited {code}: {error}");
        return output;
    }
}
