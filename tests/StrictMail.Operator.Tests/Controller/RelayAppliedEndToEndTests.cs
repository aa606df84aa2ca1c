using System.Diagnostics;
using k8s;
using k8s.Models;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.TestSupport;
using Xunit.Abstractions;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>
/// The operator, three real relays on loopback and a simulated kubelet copying the ConfigMap into
/// their volumes: status.relays and the Applied/Ready conditions follow what the relays really run.
/// </summary>
[Collection(LoopbackRelays.Collection)]
public sealed class RelayAppliedEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = RelayAppliedScenario.Within;

    private static TlsPolicySpec Spec(string level, params string[] domains) => RelayAppliedScenario.Spec(level, domains);

    [Fact]
    public async Task Apply_ThreeRelaysThroughKubelet_AppliedAndReadyThreeOfThreeWithEvent()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync(h => h.SeedRelayPod("relay-starting", $"{LoopbackRelays.Subnet}.200", ready: false));
        var (harness, relays) = (scenario.Harness, scenario.Relays);

        var clock = Stopwatch.StartNew();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Ready, "True", Within);
        output.WriteLine($"apply to Ready=True through the simulated kubelet: {clock.ElapsedMilliseconds} ms");

        var policy = harness.Policy("bank")!;
        var revision = ConfigMapDocument.Read(harness).Revision;
        Assert.Equal(revision, policy.Status!.Revision);
        Assert.Equal(new[] { revision, revision, revision }, await relays.RevisionsAsync());
        Assert.Equal(3, policy.Status.Relays!.Desired);
        Assert.Equal(3, policy.Status.Relays.Applied);
        var applied = harness.Condition("bank", PolicyConditionTypes.Applied)!;
        Assert.Equal(("True", PolicyConditionTypes.AllRelaysReason), (applied.Status, applied.Reason));
        Assert.Contains($"3 of 3 ready relays run this policy as of revision {revision}", applied.Message, StringComparison.Ordinal);
        await WaitForAllRelaysEventAsync(harness, "bank", revision);
    }

    [Fact]
    public async Task Update_OneRelayLags_AppliedFalseTwoOfThreeUntilItCatchesUp()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync();
        var (harness, relays) = (scenario.Harness, scenario.Relays);
        var clock = Stopwatch.StartNew();
        var first = await scenario.ApplyReadyAsync("bank", "Secure", "bank.example");
        output.WriteLine($"apply to Ready=True: {clock.ElapsedMilliseconds} ms");

        relays.Kubelet.Pause(2);
        clock.Restart();
        await harness.ApplyAsync("bank", Spec("Verify", "bank.example"));
        await WaitForRelaysAsync(harness, generation: 2, desired: 3, applied: 2);
        output.WriteLine($"update to relays 2/3 (one kubelet paused): {clock.ElapsedMilliseconds} ms");
        var second = ConfigMapDocument.Read(harness).Revision;

        Assert.NotEqual(first, second);
        Assert.Equal(new[] { second, second, first }, await relays.RevisionsAsync());
        var lagging = harness.Condition("bank", PolicyConditionTypes.Applied)!;
        Assert.Equal(("False", PolicyConditionTypes.WaitingReason), (lagging.Status, lagging.Reason));
        Assert.Equal(("False", PolicyConditionTypes.WaitingReason), (harness.Condition("bank", PolicyConditionTypes.Ready)!.Status, harness.Condition("bank", PolicyConditionTypes.Ready)!.Reason));

        clock.Restart();
        relays.Kubelet.Resume(2);
        await WaitForRelaysAsync(harness, generation: 2, desired: 3, applied: 3);
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Ready, "True", Within);
        output.WriteLine($"lagging relay resumed to Ready=True: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(new[] { second, second, second }, await relays.RevisionsAsync());
        Assert.Equal("True", harness.Condition("bank", PolicyConditionTypes.Applied)!.Status);
        await WaitForAllRelaysEventAsync(harness, "bank", second);
    }

    [Fact]
    public async Task Update_LaggingRelayPodTurnsNotReady_NotCountedInDesired()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync();
        var (harness, relays) = (scenario.Harness, scenario.Relays);
        var clock = Stopwatch.StartNew();
        var first = await scenario.ApplyReadyAsync("bank", "Secure", "bank.example");
        output.WriteLine($"apply to Ready=True: {clock.ElapsedMilliseconds} ms");

        relays.Kubelet.Pause(2);
        await harness.ApplyAsync("bank", Spec("Verify", "bank.example"));
        await WaitForRelaysAsync(harness, generation: 2, desired: 3, applied: 2);
        clock.Restart();
        await harness.Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""", V1Patch.PatchType.MergePatch),
            relays[2].PodName,
            OperatorHarness.Namespace);
        await WaitForRelaysAsync(harness, generation: 2, desired: 2, applied: 2);
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Ready, "True", Within);
        output.WriteLine($"lagging pod marked not Ready to relays 2/2 and Ready=True: {clock.ElapsedMilliseconds} ms");

        var second = ConfigMapDocument.Read(harness).Revision;
        Assert.Equal(new[] { second, second, first }, await relays.RevisionsAsync());
        Assert.Equal("True", harness.Condition("bank", PolicyConditionTypes.Applied)!.Status);
    }

    [Fact]
    public async Task OtherPolicyChanges_OneRelayLags_UnchangedPolicyStaysReadyThreeOfThree()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync();
        var (harness, relays) = (scenario.Harness, scenario.Relays);
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Ready, "True", Within);
        var bankRevision = harness.Policy("bank")!.Status!.Revision;
        var readySince = harness.Condition("bank", PolicyConditionTypes.Ready)!.LastTransitionTime;

        relays.Kubelet.Pause(2);
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));
        await Eventually.WaitAsync(() => harness.Policy("shop")?.Status?.Relays is { Desired: 3, Applied: 2 }, "shop waits for the lagging relay", Within);

        // The lagging relay still runs bank exactly as compiled now: bank is applied everywhere.
        var bank = harness.Policy("bank")!;
        Assert.Equal(bankRevision, bank.Status!.Revision);
        Assert.Equal((3, 3), (bank.Status.Relays!.Desired, bank.Status.Relays.Applied));
        Assert.Equal("True", harness.Condition("bank", PolicyConditionTypes.Ready)!.Status);
        Assert.Equal(readySince, harness.Condition("bank", PolicyConditionTypes.Ready)!.LastTransitionTime);
        Assert.NotEqual(bankRevision, harness.Policy("shop")!.Status!.Revision);

        relays.Kubelet.Resume(2);
        await harness.WaitForConditionAsync("shop", PolicyConditionTypes.Ready, "True", Within);
    }

    [Fact]
    public async Task AllReady_RelayPodTurnsNotReady_CountsFollowWithoutAnyPolicyChange()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync();
        var (harness, relays) = (scenario.Harness, scenario.Relays);
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await Eventually.WaitAsync(() => harness.Policy("bank")?.Status?.Relays is { Desired: 3, Applied: 3 }, "bank on 3/3", Within);

        await harness.Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""", V1Patch.PatchType.MergePatch),
            relays[1].PodName,
            OperatorHarness.Namespace);

        await Eventually.WaitAsync(() => harness.Policy("bank")?.Status?.Relays is { Desired: 2, Applied: 2 }, "bank on 2/2 after a pod turned unready", Within);
        Assert.Equal("True", harness.Condition("bank", PolicyConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task Apply_DocumentPastGzipThreshold_RelaysReadBinaryDataThroughKubelet()
    {
        await using var scenario = await RelayAppliedScenario.StartAsync();
        var (harness, relays) = (scenario.Harness, scenario.Relays);
        var label = new string('x', 60);

        var clock = Stopwatch.StartNew();
        foreach (var name in (string[])["one", "two", "three"])
        {
            await harness.ApplyAsync(name, Spec("Verify", [.. Enumerable.Range(0, 1000).Select(i => $"{name}-{i:D4}.{label}.{label}.example")]));
        }

        foreach (var name in (string[])["one", "two", "three"])
        {
            await harness.WaitForConditionAsync(name, PolicyConditionTypes.Ready, "True", Within);
        }

        output.WriteLine($"3 policies of 1,000 domains each (gzip binaryData) to Ready=True: {clock.ElapsedMilliseconds} ms");
        var map = harness.ConfigMap()!;
        Assert.Null(map.Data);
        Assert.True(map.BinaryData[PolicyConfigMap.Key].Length < PolicyConfigMap.DefaultGzipThreshold, "the gzip is smaller than the JSON threshold");
        var revision = ConfigMapDocument.Read(harness).Revision;
        Assert.Equal(3000, ConfigMapDocument.Read(harness).Policies.Sum(p => p.Domains.Count));
        Assert.Equal(new[] { revision, revision, revision }, await relays.RevisionsAsync());
        Assert.Equal(3, harness.Policy("two")!.Status!.Relays!.Applied);
    }

    private static Task<TimeSpan> WaitForRelaysAsync(OperatorHarness harness, long generation, int desired, int applied) =>
        Eventually.WaitAsync(
            () => harness.Policy("bank")?.Status is { } status
                && status.ObservedGeneration == generation
                && status.Relays?.Desired == desired
                && status.Relays.Applied == applied,
            $"mail/bank observed generation {generation} with relays {applied}/{desired}",
            Within);

    /// <summary>Bounded polling for an events.k8s.io/v1 Event AllRelaysApplied about the policy naming <paramref name="revision"/>.</summary>
    private static async Task WaitForAllRelaysEventAsync(OperatorHarness harness, string name, string revision)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var events = await harness.Client.EventsV1.ListNamespacedEventAsync(OperatorHarness.PolicyNamespace);
            if (events.Items.Any(e => e.Reason == PolicyConditionTypes.AllRelaysReason
                && e.Regarding?.Name == name
                && e.Regarding.Kind == TlsPolicy.EntityKind
                && e.Note?.Contains(revision, StringComparison.Ordinal) == true))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No AllRelaysApplied Event about mail/{name} names revision {revision}; events: "
                    + string.Join("; ", events.Items.Select(e => $"{e.Reason} {e.Regarding?.Name}: {e.Note}")));
            }

            await Task.Delay(50);
        }
    }
}
