using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class PolicySetCompilerTests
{
    private static readonly DateTime Created = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Fingerprint_SamePoliciesInAnotherOrder_Same()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Encrypt", "b.example");

        Assert.Equal(PolicySetCompiler.Fingerprint([a, b]), PolicySetCompiler.Fingerprint([b, a]));
    }

    [Fact]
    public void Fingerprint_Empty_StableAndDifferentFromOnePolicy()
    {
        Assert.Equal(PolicySetCompiler.Fingerprint([]), PolicySetCompiler.Fingerprint([]));
        Assert.NotEqual(PolicySetCompiler.Fingerprint([]), PolicySetCompiler.Fingerprint([Stored("a", "Secure", "a.example")]));
        Assert.Matches("^[0-9a-f]{64}$", PolicySetCompiler.Fingerprint([]));
    }

    [Fact]
    public void Fingerprint_ResourceVersionAndStatusChange_Same()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.ResourceVersion = "999";
        after.Status = new TlsPolicyStatus { ObservedGeneration = 1, Revision = "sha256:new", Relays = new RelayCounts { Desired = 3, Applied = 3 } };

        Assert.Equal(PolicySetCompiler.Fingerprint([before]), PolicySetCompiler.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_GenerationChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.Generation = 2;

        Assert.NotEqual(PolicySetCompiler.Fingerprint([before]), PolicySetCompiler.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_UidChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var recreated = Stored("a", "Secure", "a.example");
        recreated.Metadata.Uid = "uid-a-recreated";

        Assert.NotEqual(PolicySetCompiler.Fingerprint([before]), PolicySetCompiler.Fingerprint([recreated]));
    }

    [Fact]
    public void Fingerprint_CreationTimeChanges_Differs()
    {
        var before = Stored("a", "Secure", "a.example");
        var after = Stored("a", "Secure", "a.example");
        after.Metadata.CreationTimestamp = Created.AddMinutes(1);

        Assert.NotEqual(PolicySetCompiler.Fingerprint([before]), PolicySetCompiler.Fingerprint([after]));
    }

    [Fact]
    public void Fingerprint_PolicyAdded_Differs()
    {
        var a = Stored("a", "Secure", "a.example");

        Assert.NotEqual(PolicySetCompiler.Fingerprint([a]), PolicySetCompiler.Fingerprint([a, Stored("b", "Secure", "b.example")]));
    }

    [Fact]
    public void Fingerprint_PolicyDeleted_Differs()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Secure", "b.example");

        Assert.NotEqual(PolicySetCompiler.Fingerprint([a, b]), PolicySetCompiler.Fingerprint([b]));
    }

    [Fact]
    public void Fingerprint_SameNameOtherNamespace_Differs()
    {
        var a = Stored("a", "Secure", "a.example");
        var other = Stored("a", "Secure", "a.example");
        other.Metadata.NamespaceProperty = "other";

        Assert.NotEqual(PolicySetCompiler.Fingerprint([a]), PolicySetCompiler.Fingerprint([other]));
    }

    [Fact]
    public void Compile_TwoPolicies_ReportsKeyedByNamespaceAndName()
    {
        var set = PolicySetCompiler.Compile([Stored("bank", "Secure", "bank.example"), Stored("bad", "Sekure", "bad.example")], "strictmail-policy", "strictmail-system");

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

        var set = PolicySetCompiler.Compile([younger, older], "strictmail-policy", "strictmail-system");

        Assert.Empty(set.Reports["mail/older"].Conflicts);
        var conflict = Assert.Single(set.Reports["mail/younger"].Conflicts);
        Assert.Equal("mail/older", conflict.Winner);
    }

    [Fact]
    public void Compile_ConfigMapNameAndNamespace_FromArguments()
    {
        var set = PolicySetCompiler.Compile([Stored("bank", "Secure", "bank.example")], "relay-policy", "ops");

        Assert.Equal(("relay-policy", "ops"), (set.ConfigMap.Metadata.Name, set.ConfigMap.Metadata.NamespaceProperty));
        Assert.Equal(set.Revision, set.ConfigMap.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
        Assert.Equal(set.Result.Document.Revision, set.Revision);
        Assert.Contains("bank.example", set.ConfigMap.Data[PolicyConfigMap.Key], StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NoFingerprintGiven_ComputesIt()
    {
        var policies = new[] { Stored("a", "Secure", "a.example"), Stored("b", "Encrypt", "b.example") };

        var set = PolicySetCompiler.Compile(policies, "strictmail-policy", "strictmail-system");

        Assert.Equal(PolicySetCompiler.Fingerprint(policies), set.Fingerprint);
    }

    [Fact]
    public void Compile_FingerprintGiven_KeptAsIs()
    {
        var set = PolicySetCompiler.Compile([Stored("a", "Secure", "a.example")], "strictmail-policy", "strictmail-system", "precomputed");

        Assert.Equal("precomputed", set.Fingerprint);
    }

    [Fact]
    public void Compile_SamePoliciesInAnotherOrder_SameRevision()
    {
        var a = Stored("a", "Secure", "a.example");
        var b = Stored("b", "Encrypt", "b.example");

        var one = PolicySetCompiler.Compile([a, b], "m", "ns");
        var other = PolicySetCompiler.Compile([b, a], "m", "ns");

        Assert.Equal(one.Revision, other.Revision);
        Assert.Equal(one.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void Compile_NoPolicies_EmptyReportsAndAConfigMap()
    {
        var set = PolicySetCompiler.Compile([], "strictmail-policy", "strictmail-system");

        Assert.Empty(set.Reports);
        Assert.Equal("strictmail-policy", set.ConfigMap.Metadata.Name);
    }

    [Fact]
    public void KeyOf_Policy_NamespaceSlashName()
    {
        Assert.Equal("mail/bank", PolicySetCompiler.KeyOf(PolicyFactory.Make("bank", "Secure", "bank.example")));
    }

    [Fact]
    public void KeyOf_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicySetCompiler.KeyOf(null!));
        Assert.Throws<ArgumentNullException>(() => PolicySetCompiler.Fingerprint(null!));
        Assert.Throws<ArgumentNullException>(() => PolicySetCompiler.Compile(null!, "m", "ns"));
    }

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
