using k8s.Models;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Probe;

public sealed class ProbeTargetsTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    private static TlsPolicy Accepted(string name, string level, params string[] domains) =>
        WithAccepted(PolicyFactory.Make(name, level, domains), "True");

    private static TlsPolicy WithAccepted(TlsPolicy policy, string status)
    {
        policy.Metadata.Generation = 1;
        policy.Status = new TlsPolicyStatus { Conditions = [new V1Condition { Type = PolicyConditionTypes.Accepted, Status = status, Reason = "r", Message = "m" }] };
        return policy;
    }

    private static ProbeTarget Target(DateTime? storedProbe = null)
    {
        var policy = Accepted("bank", "Secure", "bank.example");
        policy.Status!.Probe = storedProbe is null ? null : new ProbeStatus { Time = storedProbe, Mx = [] };
        return Assert.Single(ProbeTargets.Select([policy], 5));
    }

    [Theory]
    [InlineData("None", false)]
    [InlineData("Opportunistic", false)]
    [InlineData("Encrypt", true)]
    [InlineData("Fingerprint", true)]
    [InlineData("Verify", true)]
    [InlineData("Secure", true)]
    [InlineData("DaneOnly", true)]
    [InlineData("secure", false)]
    [InlineData("5", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Mandatory_Level_TrueFromEncryptUp(string? level, bool expected) =>
        Assert.Equal(expected, ProbeTargets.Mandatory(level));

    [Fact]
    public void Domains_MixedEntries_ExactNamesOnlyLowerCaseWithoutRepeats()
    {
        var spec = new TlsPolicySpec { Domains = ["*", ".bank.example", "Bank.Example.", "bank.example", "mail.bank.example"] };

        Assert.Equal(["bank.example", "mail.bank.example"], ProbeTargets.Domains(spec, 5));
    }

    [Fact]
    public void Domains_MoreThanTheLimit_FirstOnesInSpecOrder()
    {
        var spec = new TlsPolicySpec { Domains = ["a.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example"] };

        Assert.Equal(["a.example", "b.example", "c.example", "d.example", "e.example"], ProbeTargets.Domains(spec, 5));
    }

    [Fact]
    public void Select_MixedPolicies_OnlyAcceptedMandatoryWithExactDomainsAndNoNextHop()
    {
        var routed = Accepted("routed", "Secure", "routed.example");
        routed.Spec.NextHop = "[smtp.routed.example]:25";
        var policies = new[]
        {
            Accepted("bank", "Secure", "bank.example", ".bank.example"),
            Accepted("shop", "Encrypt", "shop.example"),
            Accepted("news", "Opportunistic", "news.example"),
            Accepted("default", "Verify", "*"),
            Accepted("subdomains", "Verify", ".corp.example"),
            WithAccepted(PolicyFactory.Make("broken", "Secure", "broken.example"), "False"),
            PolicyFactory.Make("fresh", "Secure", "fresh.example"),
            routed,
        };

        var targets = ProbeTargets.Select(policies, 5);

        Assert.Equal(["mail/bank", "mail/shop"], targets.Select(t => t.Key));
        Assert.Equal(["bank.example"], targets[0].Domains);
        Assert.Equal(["shop.example"], targets[1].Domains);
    }

    [Fact]
    public void Due_NeverProbed_True() =>
        Assert.True(ProbeTargets.Due(Target(), null, Now, Interval));

    [Fact]
    public void Due_StoredProbeYoungerThanInterval_False() =>
        Assert.False(ProbeTargets.Due(Target(Now.AddHours(-5)), null, Now, Interval));

    [Fact]
    public void Due_StoredProbeAsOldAsInterval_True() =>
        Assert.True(ProbeTargets.Due(Target(Now.AddHours(-6)), null, Now, Interval));

    [Fact]
    public void Due_OwnRecentProbeOfThisGeneration_False() =>
        Assert.False(ProbeTargets.Due(Target(), new ProbeRecord(1, new ProbeStatus { Time = Now.AddMinutes(-1) }), Now, Interval));

    [Fact]
    public void Due_OwnRecentProbeOfAnOlderGeneration_True()
    {
        var target = Target(Now.AddMinutes(-1));
        target.Policy.Metadata.Generation = 2;

        Assert.True(ProbeTargets.Due(target, new ProbeRecord(1, new ProbeStatus { Time = Now.AddMinutes(-1) }), Now, Interval));
    }

    [Fact]
    public void Latest_StoredNewerThanOwn_Stored()
    {
        var target = Target(Now);

        Assert.Same(target.Policy.Status!.Probe, ProbeTargets.Latest(target, new ProbeRecord(1, new ProbeStatus { Time = Now.AddHours(-1) })));
    }

    [Fact]
    public void Latest_OwnNewerThanStored_Own()
    {
        var own = new ProbeStatus { Time = Now };

        Assert.Same(own, ProbeTargets.Latest(Target(Now.AddHours(-1)), new ProbeRecord(1, own)));
    }

    [Fact]
    public void Latest_NothingProbed_Null() =>
        Assert.Null(ProbeTargets.Latest(Target(), null));
}
