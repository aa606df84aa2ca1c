using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StrictMail.FakeKube;
using StrictMail.Operator.Controller;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// A `kubectl patch` of the relay ConfigMap that rewrites policy.json with a new revision, keeping
/// the operator's hash annotation or recomputing it to match, is repaired by the operator within its
/// verify period, though no policy changes and every policy is already Ready.
/// </summary>
[Collection(LoopbackRelays.Collection)]
public sealed class KubectlConfigMapRepairTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Patch_PolicyJsonKeepingOrRecomputingTheHash_RestoredWithinTheVerifyPeriod(bool recomputeHash)
    {
        await using var harness = await OperatorHarness.StartAsync();
        await using var relays = await LoopbackRelays.StartAsync(harness);
        var instance = await harness.StartOperatorAsync(relayAdminPort: relays.AdminPort, configMapVerify: TimeSpan.FromSeconds(1));
        using var kubectl = new Kubectl(harness.Server, workingDirectory: RepoPaths.Root);
        var ns = Path.Combine(kubectl.Directory, "namespace.yaml");
        await File.WriteAllTextAsync(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mail\n");
        await kubectl.SucceedAsync("apply", "--validate=false", "-f", "crds/tlspolicies.strictmail.io.yaml");
        await kubectl.SucceedAsync("apply", "--validate=false", "-f", ns);
        await kubectl.SucceedAsync("apply", "--validate=false", "-f", "crds/examples/partner-bank-secure.yaml");
        (await kubectl.RunAsync(TimeSpan.FromSeconds(60), "wait", "--for=condition=Ready", "tlsp", "--all", "-n", "mail", "--timeout=45s")).AssertSucceeded();
        var original = harness.ConfigMap()!.Data[PolicyConfigMap.Key];
        var writesBefore = instance.Runtime.ConfigMapWrites;

        var tampered = JsonNode.Parse(original)!.AsObject();
        tampered["policies"] = new JsonArray();
        tampered["revision"] = "tampered";
        var tamperedText = tampered.ToJsonString();
        var annotations = new JsonObject { [PolicyConfigMap.RevisionAnnotation] = "tampered", ["strictmail.io/policies"] = "0" };
        if (recomputeHash)
        {
            annotations[PolicyConfigMap.HashAnnotation] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tamperedText)));
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = annotations },
            ["data"] = new JsonObject { [PolicyConfigMap.Key] = tamperedText },
        };
        var patched = await kubectl.SucceedAsync("patch", "configmap", OperatorHarness.ConfigMapName, "-n", OperatorHarness.Namespace, "--type", "merge", "-p", patch.ToJsonString());

        Assert.Contains("configmap/strictmail-policy patched", patched, StringComparison.Ordinal);
        await Eventually.WaitAsync(
            () => harness.ConfigMap()?.Data?[PolicyConfigMap.Key] == original,
            "the operator restored policy.json",
            TimeSpan.FromSeconds(15));
        Assert.Equal(["mail/partner-bank-secure"], ConfigMapDocument.Read(harness).Policies.Select(p => p.Name));
        Assert.NotEqual("tampered", harness.ConfigMap()!.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
        Assert.True(instance.Runtime.ConfigMapWrites > writesBefore, "the repair was a write by the operator");
    }
}
