using System.Diagnostics;
using k8s;
using StrictMail.FakeKube;
using StrictMail.TestSupport;
using Xunit.Abstractions;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// kubectl as the user's client, with the operator, three loopback relays and a simulated kubelet:
/// the README's walk-through (apply the CRD and the examples, wait, get, describe, delete) works.
/// </summary>
[Collection(LoopbackRelays.Collection)]
public sealed class KubectlEndToEndTests(ITestOutputHelper output)
{
    private static readonly string[] Examples = ["default-opportunistic", "partner-bank-secure", "partner-pinned-fingerprint", "rollout-testing"];

    [Fact]
    public async Task ApplyWaitGetDescribeDelete_Examples_ReadyOnEveryRelayThenRemovedFromTheDocument()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await using var relays = await LoopbackRelays.StartAsync(harness);
        // As the README's walk-through runs it: the examples' "*" default and nextHop need their namespace privileged.
        await harness.StartOperatorAsync(relayAdminPort: relays.AdminPort, privilegedNamespaces: [OperatorHarness.Namespace, OperatorHarness.PolicyNamespace]);
        using var kubectl = new Kubectl(harness.Server, workingDirectory: RepoPaths.Root);
        var ns = Path.Combine(kubectl.Directory, "namespace.yaml");
        await File.WriteAllTextAsync(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mail\n");

        var crd = await kubectl.SucceedAsync("apply", "--validate=false", "-f", "crds/tlspolicies.strictmail.io.yaml");
        var createdNamespace = await kubectl.SucceedAsync("apply", "--validate=false", "-f", ns);
        var clock = Stopwatch.StartNew();
        var applied = await kubectl.SucceedAsync("apply", "--validate=false", "-f", "crds/examples/");
        var wait = await kubectl.RunAsync(TimeSpan.FromSeconds(90), "wait", "--for=condition=Ready", "tlsp", "--all", "-n", "mail", "--timeout=60s");
        output.WriteLine($"kubectl apply -f crds/examples/ to kubectl wait Ready (4 policies, 3 relays): {clock.ElapsedMilliseconds} ms");
        var table = await kubectl.SucceedAsync("get", "tlsp", "-n", "mail");
        var counts = await kubectl.SucceedAsync("get", "tlsp", "-n", "mail", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.relays.applied}/{.status.relays.desired}{\"\\n\"}{end}");
        var describe = await kubectl.RunAsync("describe", "tlsp", "partner-bank-secure", "-n", "mail");
        var uid = harness.Policy("partner-bank-secure")!.Metadata.Uid;
        var events = await harness.Client.EventsV1.ListNamespacedEventAsync(OperatorHarness.PolicyNamespace);
        output.WriteLine(table);

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/tlspolicies.strictmail.io", crd, StringComparison.Ordinal);
        Assert.Contains("namespace/mail created", createdNamespace, StringComparison.Ordinal);
        Assert.All(Examples, name => Assert.Contains($"tlspolicy.strictmail.io/{name} created", applied, StringComparison.Ordinal));
        wait.AssertSucceeded();
        Assert.All(Examples, name => Assert.Contains($"tlspolicy.strictmail.io/{name} condition met", wait.Out, StringComparison.Ordinal));
        var rows = PrinterTable.Parse(table);
        Assert.Equal(["NAME", "LEVEL", "MODE", "DOMAINS", "READY", "APPLIED", "AGE"], rows.Header);
        Assert.Equal(Examples, rows.Column("NAME"));
        Assert.Equal(["True", "True", "True", "True"], rows.Column("READY"));
        Assert.Equal(["True", "True", "True", "True"], rows.Column("APPLIED"));
        Assert.Equal(Examples.Select(name => $"{name}=3/3"), counts.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        describe.AssertSucceeded();
        var described = describe.Out.Split('\n').Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("Name: partner-bank-secure", described);
        Assert.Equal(
            ["Type: Accepted", "Type: Applied", "Type: CertificateExpiring", "Type: Conflict", "Type: Ready"],
            described.Where(line => line.StartsWith("Type: ", StringComparison.Ordinal)));
        Assert.Contains("Reason: AllRelaysApplied", described);
        Assert.Contains("Applied: 3", described);
        Assert.Contains("Desired: 3", described);

        // The operator writes events.k8s.io/v1 Events whose regarding carries the policy's uid; describe
        // looks for them as core/v1 Events by involvedObject.uid, which the fake does not serve (it stores
        // the two APIs apart and answers 400 for involvedObject field selectors), so describe prints
        // "Events: <none>" here where a cluster would list them.
        Assert.Contains(events.Items, e => e.Reason == "AllRelaysApplied" && e.Regarding?.Uid == uid);
        Assert.Contains(
            harness.Server.Requests,
            r => r.Method == "GET" && r.Path == "/api/v1/namespaces/mail/events" && Uri.UnescapeDataString(r.Query).Contains($"involvedObject.uid={uid}", StringComparison.Ordinal));
        Assert.Contains("Events: <none>", described);

        var deleted = await kubectl.SucceedAsync("delete", "-f", "crds/examples/partner-bank-secure.yaml");
        Assert.Contains("tlspolicy.strictmail.io \"partner-bank-secure\" deleted", deleted, StringComparison.Ordinal);
        await Eventually.WaitAsync(
            () => ConfigMapDocument.Read(harness).Policies.All(p => p.Name != "mail/partner-bank-secure"),
            "the policy document no longer carries mail/partner-bank-secure",
            TimeSpan.FromSeconds(20));
        Assert.Equal(
            ["mail/default-opportunistic", "mail/partner-pinned-fingerprint", "mail/rollout-testing"],
            ConfigMapDocument.Read(harness).Policies.Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
