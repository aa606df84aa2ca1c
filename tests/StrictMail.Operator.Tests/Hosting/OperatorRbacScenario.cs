using System.Net;
using StrictMail.FakeKube.Faults;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// Runs the operator once through everything it does (leadership acquired, renewed and released on
/// stop; valid, invalid and conflicting policies applied, updated and deleted; a relay pod read;
/// events created and repeated) and keeps the requests the operator itself sent to the API server.
/// </summary>
public sealed class OperatorRbacScenario : IAsyncLifetime
{
    private static readonly string Collection = $"/apis/{TlsPolicy.Group}/{TlsPolicy.Version}/namespaces/{OperatorHarness.PolicyNamespace}/{TlsPolicy.Plural}";

    // The test's own client only creates, patches and deletes TlsPolicies (everything else it reads or
    // seeds without HTTP); these are taken out of the fake's log one for one, so an identical request
    // the operator made would stay behind and be checked.
    private readonly List<(string Method, string Path)> _ownRequests = [];

    /// <summary>Every request the operator sent, oldest first.</summary>
    internal IReadOnlyList<RbacRequest> OperatorRequests { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var harness = await OperatorHarness.StartAsync();
        // A ready relay whose admin port refuses: the operator lists it and counts it as not applied.
        harness.SeedRelayPod("relay-0", "127.0.0.1");
        // TLS reporting: a real relay on 127.0.0.2 answers for its day; the progress ConfigMap is two days behind, so the
        // leader reads it, reports without relay-0 (the wait is short) and replaces it.
        var port = FreePort.TcpOnAll([IPAddress.Loopback, IPAddress.Parse("127.0.0.2")]);
        using var files = new TempDirectory();
        await File.WriteAllTextAsync(files.File("token"), "rbac-scenario-token-0123456789");
        await using var relay = StrictMail.Relay.Hosting.RelayApp.Build([
            $"--Relay:PolicyFile={files.File("policy.json")}", $"--Relay:AdminUrl=http://127.0.0.2:{port}", $"--Relay:StateDirectory={files.File("state")}",
            "--Relay:Inbound:ListenAddress=127.0.0.2:0", $"--Relay:Reporting:AdminTokenFile={files.File("token")}"]);
        await relay.StartAsync();
        harness.SeedRelayPod("relay-1", "127.0.0.2");
        var behind = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        harness.Server.SeedYaml($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strictmail-tlsrpt\n  namespace: {OperatorHarness.Namespace}\ndata:\n  reportedThrough: \"{behind:yyyy-MM-dd}\"\n");
        var reporting = new StrictMail.Operator.Reporting.TlsReportingOptions { TokenFile = files.File("token"), Interval = TimeSpan.FromMilliseconds(200), WaitForAll = TimeSpan.FromSeconds(1) };
        var instance = await harness.StartOperatorAsync(relayAdminPort: port, tlsReporting: reporting);
        await Eventually.WaitAsync(
            () => (string?)harness.Server.Find("v1", "ConfigMap", OperatorHarness.Namespace, "strictmail-tlsrpt")?["data"]?["reportedThrough"] == $"{DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1):yyyy-MM-dd}",
            "the leader reports the missing days and replaces the progress ConfigMap",
            TimeSpan.FromSeconds(20));

        await ApplyAsync(harness, "bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        await ApplyAsync(harness, "broken", Spec("Bogus", "broken.example"));
        await harness.WaitForConditionAsync("broken", PolicyConditionTypes.Accepted, "False");
        await ApplyAsync(harness, "bank-copy", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank-copy", PolicyConditionTypes.Conflict, "True");
        await ApplyAsync(harness, "bank-copy", Spec("Secure", "copy.example"));
        await harness.WaitForConditionAsync("bank-copy", PolicyConditionTypes.Conflict, "False");

        // Valid, then invalid in the same way again: the second warning repeats the first and is counted with a patch.
        await ApplyAsync(harness, "broken", Spec("Secure", "broken.example"));
        await harness.WaitForConditionAsync("broken", PolicyConditionTypes.Accepted, "True");
        await ApplyAsync(harness, "broken", Spec("Bogus", "broken.example"));
        await harness.WaitForConditionAsync("broken", PolicyConditionTypes.Accepted, "False");
        await Eventually.WaitAsync(
            () => harness.Server.Requests.Any(r => r.Method == "PATCH" && r.Path.Contains("/events/", StringComparison.Ordinal)),
            "the repeated warning is counted on its Event",
            TimeSpan.FromSeconds(10));

        var revision = harness.ConfigMap()!.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation];
        await DeleteAsync(harness, "bank-copy");
        await Eventually.WaitAsync(
            () => harness.ConfigMap()?.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation] != revision,
            "the deletion reaches the ConfigMap",
            TimeSpan.FromSeconds(10));

        await instance.StopAsync();
        var lease = harness.Server.Find("coordination.k8s.io/v1", "Lease", OperatorHarness.Namespace, "strictmail-operator")
            ?? throw new InvalidOperationException("the operator never created its Lease");
        if (!string.IsNullOrEmpty((string?)lease["spec"]?["holderIdentity"]))
        {
            throw new InvalidOperationException("the operator did not release its Lease on stop");
        }

        OperatorRequests = [.. WithoutOwn(harness.Server.Requests).Select(RbacRequest.Of)];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static TlsPolicySpec Spec(string level, params string[] domains) => new() { Level = level, Domains = [.. domains] };

    private async Task ApplyAsync(OperatorHarness harness, string name, TlsPolicySpec spec)
    {
        _ownRequests.Add(harness.Policy(name) is null ? ("POST", Collection) : ("PATCH", $"{Collection}/{name}"));
        await harness.ApplyAsync(name, spec);
    }

    private async Task DeleteAsync(OperatorHarness harness, string name)
    {
        _ownRequests.Add(("DELETE", $"{Collection}/{name}"));
        await harness.DeleteAsync(name);
    }

    private List<FakeKubeRequest> WithoutOwn(IReadOnlyList<FakeKubeRequest> requests)
    {
        var left = requests.ToList();
        foreach (var (method, path) in _ownRequests)
        {
            var index = left.FindIndex(r => r.Method == method && r.Path == path);
            if (index < 0)
            {
                throw new InvalidOperationException($"The fake has no record of the test's own {method} {path}; did OperatorHarness change how it writes?");
            }

            left.RemoveAt(index);
        }

        return left;
    }
}
