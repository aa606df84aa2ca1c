using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class PolicyConverterTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Created = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Fingerprint_SamePoliciesInAnotherOrder_Same()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Encrypt", "b.example");

        Assert.Equal(PolicyConverter.Fingerprint([a, b]), PolicyConverter.Fingerprint([b, a]));
    }

    [Fact]
    public void Fingerprint_Empty_StableAndDifferentFromOnePolicy()
    {
        Assert.Equal(PolicyConverter.Fingerprint([]), PolicyConverter.Fingerprint([]));
        Assert.NotEqual(PolicyConverter.Fingerprint([]), PolicyConverter.Fingerprint([Stored("a", "Secure", "a.example")]));
        Assert.Matches("^[0-9a-f]{64}$", PolicyConverter.Fingerprint([]));
    }

    [Fact]
    public void Fingerprint_ResourceVersionAndStatusChange_Same()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.ResourceVersion = "999";
        after.Status = new TlsPolicyStatus { ObservedGeneration = 1, Revision = "sha256:new", Relays = new RelayCounts { Desired = 3, Applied = 3 } };

        Assert.Equal(PolicyConverter.Fingerprint([before]), PolicyConverter.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_GenerationChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.Generation = 2;

        Assert.NotEqual(PolicyConverter.Fingerprint([before]), PolicyConverter.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_UidChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var recreated = Stored("a", "Secure", "a.example");
        recreated.Metadata.Uid = "uid-a-recreated";

        Assert.NotEqual(PolicyConverter.Fingerprint([before]), PolicyConverter.Fingerprint([recreated]));
    }

    [Fact]
    public void Fingerprint_CreationTimeChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.CreationTimestamp = Created.AddMinutes(1);

        Assert.NotEqual(PolicyConverter.Fingerprint([before]), PolicyConverter.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_PolicyAdded_Differs()
    {
        var a = Stored("a", "Secure", "a.example");

        Assert.NotEqual(PolicyConverter.Fingerprint([a]), PolicyConverter.Fingerprint([a, Stored("b", "Secure", "b.example")]));
    }

    [Fact]
    public void Fingerprint_PolicyDeleted_Differs()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Secure", "b.example");

        Assert.NotEqual(PolicyConverter.Fingerprint([a, b]), PolicyConverter.Fingerprint([b]));
    }

    [Fact]
    public void Fingerprint_SameNameOtherNamespace_Differs()
    {
        var a = Stored("a", "Secure", "a.example");
        var other = Stored("a", "Secure", "a.example");
        other.Metadata.NamespaceProperty = "other";

        Assert.NotEqual(PolicyConverter.Fingerprint([a]), PolicyConverter.Fingerprint([other]));
    }

    [Fact]
    public void Compile_TwoPolicies_ReportsKeyedByNamespaceAndName()
    {
        var set = PolicyConverter.SetFor([Stored("bank", "Secure", "bank.example"), Stored("bad", "Sekure", "bad.example")], Settings("strictmail-policy", "strictmail-system"));

        Assert.Equal(["mail/bad", "mail/bank"], set.Reports.Keys.Order(StringComparer.Ordinal));
        Assert.True(set.Reports["mail/bank"].Accepted);
        Assert.False(set.Reports["mail/bad"].Accepted);
        Assert.Equal("mail/bank", set.Reports["mail/bank"].Name);
    }

    [Fact]
    public void Compile_ConflictingDomains_ConflictOnTheYoungerPolicysReport()
    {
        var older = Stored("older", "Secure", "shared.example");
        var younger = Stored("younger", "Encrypt", "shared.example", "own.example");
        younger.Metadata.CreationTimestamp = Created.AddHours(1);

        var set = PolicyConverter.SetFor([younger, older], Settings("strictmail-policy", "strictmail-system"));

        Assert.Empty(set.Reports["mail/older"].Conflicts);
        var conflict = Assert.Single(set.Reports["mail/younger"].Conflicts);
        Assert.Equal("mail/older", conflict.Winner);
    }

    [Fact]
    public void Compile_ConfigMapNameAndNamespace_FromArguments()
    {
        var set = PolicyConverter.SetFor([Stored("bank", "Secure", "bank.example")], Settings("relay-policy", "ops"));

        Assert.Equal(("relay-policy", "ops"), (set.ConfigMap.Metadata.Name, set.ConfigMap.Metadata.NamespaceProperty));
        Assert.Equal(set.Revision, set.ConfigMap.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
        Assert.Equal(set.Result.Document.Revision, set.Revision);
        Assert.Contains("bank.example", set.ConfigMap.Data[PolicyConfigMap.Key], StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NoFingerprintGiven_ComputesIt()
    {
        var policies = new[] { Stored("a", "Secure", "a.example"), Stored("b", "Encrypt", "b.example") };

        var set = PolicyConverter.SetFor(policies, Settings("strictmail-policy", "strictmail-system"));

        Assert.Equal(PolicyConverter.Fingerprint(policies), set.Fingerprint);
    }

    [Fact]
    public void Compile_SamePoliciesInAnotherOrder_SameRevision()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Encrypt", "b.example");

        var one = PolicyConverter.SetFor([a, b], Settings("m", "ns"));
        var other = PolicyConverter.SetFor([b, a], Settings("m", "ns"));

        Assert.Equal(one.Revision, other.Revision);
        Assert.Equal(one.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void Compile_NoPolicies_EmptyReportsAndAConfigMap()
    {
        var set = PolicyConverter.SetFor([], Settings("strictmail-policy", "strictmail-system"));

        Assert.Empty(set.Reports);
        Assert.Equal("strictmail-policy", set.ConfigMap.Metadata.Name);
    }

    [Fact]
    public void Key_Policy_NamespaceSlashName()
    {
        Assert.Equal("mail/bank", PolicyFactory.Make("bank", "Secure", "bank.example").Key);
    }

    [Fact]
    public void Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyConverter.Fingerprint(null!));
        Assert.Throws<ArgumentNullException>(() => PolicyConverter.SetFor(null!, Settings("m", "ns")));
    }

    [Fact]
    public void Convert_NewPolicies_EveryStatusChangesAndRequeuesUntilRelaysApply()
    {
        var policies = new[] { PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example") };

        var plan = Convert(policies, new RelayRevisions(["sha256:old", "sha256:old"]), "strictmail-policy", "mail", Now);

        Assert.All(plan.Statuses, s => Assert.True(s.Changed));
        Assert.True(plan.RequeueForRelays);
        Assert.Equal(2, plan.Document.Policies.Count);
        Assert.Equal(plan.Document.Revision, plan.ConfigMap.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
    }

    [Fact]
    public void Convert_AppliedEverywhereAndStored_NoWritesNoRequeue()
    {
        var policies = new[] { PolicyFactory.Make("bank", "Secure", "bank.example") };
        var first = Convert(policies, new RelayRevisions([]), "m", "mail", Now);
        var revision = first.Document.Revision;
        var applied = Convert(policies, new RelayRevisions([revision, revision, revision]), "m", "mail", Now);
        policies[0].Status = applied.Statuses[0].Status;

        var again = Convert(policies, new RelayRevisions([revision, revision, revision]), "m", "mail", Now.AddMinutes(3));

        Assert.False(again.Statuses[0].Changed);
        Assert.False(again.RequeueForRelays);
        Assert.True(ConditionList.Status(policies[0].Status.Conditions, "Ready"));
        Assert.Equal((3, 3), (policies[0].Status.Relays!.Desired, policies[0].Status.Relays!.Applied));
    }

    [Fact]
    public void Convert_InvalidPolicy_NotRequeuedForRelaysAndLeftOutOfTheDocument()
    {
        var policies = new[] { PolicyFactory.Make("bad", "Sekure", "bad.example") };

        var plan = Convert(policies, new RelayRevisions(["x"]), "m", "mail", Now);

        Assert.Empty(plan.Document.Policies);
        Assert.False(plan.RequeueForRelays);
        Assert.False(ConditionList.Status(plan.Statuses[0].Status.Conditions, "Accepted"));
    }

    // Every policy namespace permitted, as the planner tests have always compiled.
    private static ConversionSettings Settings(string configMapName, string configMapNamespace) =>
        new(configMapName, configMapNamespace, NamespacePermissions.All);

    private static ReconcilePlan Convert(IReadOnlyList<TlsPolicy> policies, RelayRevisions relays, string configMapName, string configMapNamespace, DateTime now) =>
        PolicyConverter.Convert(new ReconcileInputs(policies, null, null, relays, now), Settings(configMapName, configMapNamespace));

    // A policy as the API server returns it: uid, generation, creation time and resourceVersion set.
    private static TlsPolicy Stored(string name, string level, params string[] domains)
    {
        var policy = PolicyFactory.Make(name, level, domains);
        policy.Metadata.Uid = "uid-" + name;
        policy.Metadata.Generation = 1;
        policy.Metadata.CreationTimestamp = Created;
        policy.Metadata.ResourceVersion = "1";
        return policy;
    }
}
