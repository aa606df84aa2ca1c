using System.Text;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.Policy.Document;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>The operator as `run` builds it, against the fake API server over HTTP with the real KubernetesClient.</summary>
public sealed class TlsPolicyControllerEndToEndTests
{
    private static TlsPolicySpec Spec(string level, params string[] domains) => new() { Level = level, Domains = [.. domains] };

    private static PolicyDocument Document(OperatorHarness harness)
    {
        var map = harness.ConfigMap() ?? throw new Xunit.Sdk.XunitException("no ConfigMap");
        var bytes = map.Data is { } data && data.TryGetValue(PolicyConfigMap.Key, out var text)
            ? Encoding.UTF8.GetBytes(text)
            : Decompress(map.BinaryData[PolicyConfigMap.Key]);
        return PolicyDocumentJson.Deserialize(bytes);
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Apply_Policy_ConfigMapCarriesItAndConditionsSayAcceptedNotApplied()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();

        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));

        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        var document = Document(harness);
        var compiled = Assert.Single(document.Policies);
        Assert.Equal("mail/bank", compiled.Name);
        Assert.Equal(["bank.example"], compiled.Domains);
        var policy = harness.Policy("bank")!;
        Assert.Equal(document.Revision, harness.ConfigMap()!.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
        Assert.Equal(1, policy.Status!.ObservedGeneration);
        Assert.Equal(document.Revision, policy.Status.Revision);
        Assert.Equal("False", harness.Condition("bank", PolicyConditionTypes.Applied)!.Status);
        Assert.Equal(PolicyConditionTypes.NoRelaysReason, harness.Condition("bank", PolicyConditionTypes.Ready)!.Reason);
        Assert.Equal("False", harness.Condition("bank", PolicyConditionTypes.Conflict)!.Status);
    }

    [Fact]
    public async Task Update_Spec_NewRevisionInConfigMapAndStatus()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        var first = Document(harness).Revision;

        await harness.ApplyAsync("bank", Spec("Verify", "bank.example"));

        await Eventually.WaitAsync(() => harness.Policy("bank")?.Status?.ObservedGeneration == 2, "status observes generation 2");
        var document = Document(harness);
        Assert.NotEqual(first, document.Revision);
        Assert.Equal(StrictMail.Policy.Model.TlsLevel.Verify, Assert.Single(document.Policies).Level);
        Assert.Equal(document.Revision, harness.Policy("bank")!.Status!.Revision);
        Assert.All(harness.Policy("bank")!.Status!.Conditions!, c => Assert.Equal(2, c.ObservedGeneration));
    }

    [Fact]
    public async Task Delete_Policy_LeavesTheDocument()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));
        await Eventually.WaitAsync(() => TryDocument(harness)?.Policies.Count == 2, "both policies compiled");

        await harness.DeleteAsync("bank");

        await Eventually.WaitAsync(() => TryDocument(harness)?.Policies.Count == 1, "the deleted policy leaves the document");
        Assert.Equal("mail/shop", Assert.Single(Document(harness).Policies).Name);
    }

    [Fact]
    public async Task Conflict_YoungerPolicyClaimsADomain_ConflictTrueOlderKeepsIt()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        await Task.Delay(1100); // creationTimestamp has whole seconds: make "older" unambiguous.

        await harness.ApplyAsync("copycat", Spec("Encrypt", "bank.example", "copycat.example"));

        await harness.WaitForConditionAsync("copycat", PolicyConditionTypes.Conflict, "True");
        var conflict = harness.Condition("copycat", PolicyConditionTypes.Conflict)!;
        Assert.Equal(PolicyConditionTypes.DomainConflictReason, conflict.Reason);
        Assert.Contains("bank.example", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("mail/bank", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("False", harness.Condition("bank", PolicyConditionTypes.Conflict)!.Status);
        Assert.Equal("False", harness.Condition("copycat", PolicyConditionTypes.Ready)!.Status);
        var document = Document(harness);
        Assert.Equal(["bank.example"], document.Policies.Single(p => p.Name == "mail/bank").Domains);
        Assert.Equal(["copycat.example"], document.Policies.Single(p => p.Name == "mail/copycat").Domains);
    }

    [Fact]
    public async Task Invalid_Spec_AcceptedFalseNamesTheFieldAndDocumentOmitsIt()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();

        await harness.ApplyAsync("pinned", Spec("Fingerprint", "pinned.example"));
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));

        await harness.WaitForConditionAsync("pinned", PolicyConditionTypes.Accepted, "False");
        var accepted = harness.Condition("pinned", PolicyConditionTypes.Accepted)!;
        Assert.Equal(PolicyConditionTypes.InvalidReason, accepted.Reason);
        Assert.Contains("spec.fingerprints", accepted.Message, StringComparison.Ordinal);
        Assert.Null(harness.Policy("pinned")!.Status!.Revision);
        await harness.WaitForConditionAsync("shop", PolicyConditionTypes.Accepted, "True");
        Assert.Equal("mail/shop", Assert.Single(Document(harness).Policies).Name);
    }

    [Fact]
    public async Task Privileged_NextHopNoneAndStarFromAnotherNamespace_AcceptedFalseNotPermittedAndOmitted()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();

        await harness.ApplyAsync("reroute", new TlsPolicySpec { Level = "None", Domains = ["*"], NextHop = "[192.0.2.1]:25" });
        await harness.ApplyAsync("default", Spec("Opportunistic", "*"), ns: OperatorHarness.Namespace);

        await harness.WaitForConditionAsync("reroute", PolicyConditionTypes.Accepted, "False");
        var refused = harness.Condition("reroute", PolicyConditionTypes.Accepted)!;
        Assert.Equal(PolicyConditionTypes.NotPermittedReason, refused.Reason);
        Assert.Contains("spec.nextHop: namespace mail may not set nextHop", refused.Message, StringComparison.Ordinal);
        Assert.Contains("spec.level: namespace mail may not set level None", refused.Message, StringComparison.Ordinal);
        Assert.Contains("spec.domains: namespace mail may not claim \"*\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(PolicyConditionTypes.NotPermittedReason, harness.Condition("reroute", PolicyConditionTypes.Ready)!.Reason);
        await harness.WaitForConditionAsync("default", PolicyConditionTypes.Accepted, "True", ns: OperatorHarness.Namespace);
        var kept = Assert.Single(Document(harness).Policies);
        Assert.Equal("strictmail-system/default", kept.Name);
        Assert.Null(kept.NextHop);
    }

    [Fact]
    public async Task Privileged_NamespaceListed_MayRerouteItsOwnDomain()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync(privilegedNamespaces: [OperatorHarness.PolicyNamespace]);

        await harness.ApplyAsync("smarthost", new TlsPolicySpec { Level = "Encrypt", Domains = ["partner.example"], NextHop = "[192.0.2.1]:25" });

        await harness.WaitForConditionAsync("smarthost", PolicyConditionTypes.Accepted, "True");
        Assert.Equal("[192.0.2.1]:25", Assert.Single(Document(harness).Policies).NextHop);
    }

    [Fact]
    public async Task Steady_NothingChanges_NoFurtherWrites()
    {
        await using var harness = await OperatorHarness.StartAsync();
        var instance = await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));
        await harness.WaitForConditionAsync("shop", PolicyConditionTypes.Accepted, "True");
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        await Task.Delay(1000);
        var writes = instance.Runtime.ConfigMapWrites;
        var before = harness.Server.Requests.Count;

        // Waiting for relays requeues every 200 ms; each pass reads, and must write nothing.
        await Task.Delay(1500);

        Assert.InRange(writes, 1, 2);
        Assert.Equal(writes, instance.Runtime.ConfigMapWrites);
        // Lease renewals are the only writes of a steady operator.
        Assert.Empty(harness.Server.Requests.Skip(before).Where(r => r.IsWrite && !r.Path.Contains("/leases/", StringComparison.Ordinal)).Select(r => r.Method + " " + r.Path));
        Assert.Contains(harness.Server.Requests.Skip(before), r => r.Path.EndsWith("/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DroppedWatch_UpdateWhileDisconnected_IsReconciled()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");

        // The reconnect is held back while the update happens.
        harness.Server.Faults.DelayNext(1, TimeSpan.FromSeconds(1), r => r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));
        Assert.True(harness.Server.Faults.DropWatches() > 0);
        await harness.ApplyAsync("bank", Spec("Verify", "bank.example"));

        await Eventually.WaitAsync(() => harness.Policy("bank")?.Status?.ObservedGeneration == 2, "the update is reconciled", TimeSpan.FromSeconds(15));
        Assert.Equal(StrictMail.Policy.Model.TlsLevel.Verify, Assert.Single(Document(harness).Policies).Level);
    }

    [Fact]
    public async Task Gone_HistoryCompactedWhileDisconnected_RelistsAndReconcilesUpdateAndDelete()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));
        await harness.WaitForConditionAsync("shop", PolicyConditionTypes.Accepted, "True");
        var watchesBefore = harness.Server.Requests.Count(r => r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));

        harness.Server.Faults.DelayNext(1, TimeSpan.FromSeconds(1), r => r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal));
        harness.Server.Faults.DropWatches();
        await harness.ApplyAsync("bank", Spec("Verify", "bank.example"));
        await harness.DeleteAsync("shop");
        harness.Server.Faults.CompactHistory();

        await Eventually.WaitAsync(() => harness.Policy("bank")?.Status?.ObservedGeneration == 2, "the update is reconciled", TimeSpan.FromSeconds(15));
        await Eventually.WaitAsync(() => TryDocument(harness)?.Policies.Count == 1, "the delete is reconciled", TimeSpan.FromSeconds(15));
        var compiled = Assert.Single(Document(harness).Policies);
        Assert.Equal(("mail/bank", StrictMail.Policy.Model.TlsLevel.Verify), (compiled.Name, compiled.Level));
        var lists = harness.Server.Requests.Count(r => !r.IsWatch && r.Method == "GET" && r.Path.EndsWith(TlsPolicy.Plural, StringComparison.Ordinal));
        Assert.True(lists >= 2, "the watcher listed again after 410 Gone");
        Assert.True(harness.Server.Requests.Count(r => r.IsWatch && r.Path.Contains(TlsPolicy.Plural, StringComparison.Ordinal)) > watchesBefore);
    }

    [Fact]
    public async Task ApiErrors_ConfigMapWritesFail_RetriedUntilWritten()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        harness.Server.Faults.FailNext(2, 500, r => r.IsWrite && r.Path.Contains("/configmaps", StringComparison.Ordinal));
        harness.Server.Faults.FailNext(3, 409, r => r.IsWrite && r.Path.Contains("/configmaps", StringComparison.Ordinal));

        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));

        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True", TimeSpan.FromSeconds(20));
        Assert.Equal("mail/bank", Assert.Single(Document(harness).Policies).Name);
        Assert.True(harness.Server.Requests.Count(r => r.IsWrite && r.Path.Contains("/configmaps", StringComparison.Ordinal)) >= 6);
    }

    [Fact]
    public async Task Apply_RelayPodListFails_DocumentWrittenAnywayStatusAfterRecovery()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();
        var failing = true;
        harness.Server.Faults.FailNext(int.MaxValue, 500, r => Volatile.Read(ref failing) && !r.IsWrite && r.Path.Contains("/pods", StringComparison.Ordinal));

        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));

        await Eventually.WaitAsync(() => TryDocument(harness)?.Policies.Any(p => p.Name == "mail/bank") == true, "the document carries bank while the relay pods cannot be listed", TimeSpan.FromSeconds(10));
        Assert.Null(harness.Condition("bank", PolicyConditionTypes.Accepted));
        Volatile.Write(ref failing, false);
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True", TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task TwoInstances_OnlyTheLeaderWrites_StandbyTakesOverOnStop()
    {
        await using var harness = await OperatorHarness.StartAsync();
        var leader = await harness.StartOperatorAsync("operator-a");
        var standby = await harness.StartOperatorAsync("operator-b", waitForLeader: false);
        await standby.Runtime.Synced.WaitAsync(TimeSpan.FromSeconds(10));

        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));
        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        await Task.Delay(500);

        Assert.False(standby.Runtime.IsLeader);
        Assert.Equal(0, standby.Runtime.Reconciliations);
        Assert.Equal(0, standby.Runtime.ConfigMapWrites);
        Assert.True(leader.Runtime.ConfigMapWrites > 0);

        await leader.StopAsync();
        await Eventually.WaitAsync(() => standby.Runtime.IsLeader, "the standby takes over", TimeSpan.FromSeconds(10));
        await harness.ApplyAsync("shop", Spec("Encrypt", "shop.example"));

        await harness.WaitForConditionAsync("shop", PolicyConditionTypes.Accepted, "True");
        Assert.Equal(["mail/bank", "mail/shop"], Document(harness).Policies.Select(p => p.Name));
        Assert.True(standby.Runtime.ConfigMapWrites > 0);
    }

    private static PolicyDocument? TryDocument(OperatorHarness harness) => harness.ConfigMap() is null ? null : Document(harness);
}
