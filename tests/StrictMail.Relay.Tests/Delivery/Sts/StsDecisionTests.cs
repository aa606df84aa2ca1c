using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DaneExpectation Records = HostPlans.Records;

    [Theory]
    [InlineData(TlsLevel.None, TlsLevel.Verify)]
    [InlineData(TlsLevel.Opportunistic, TlsLevel.Verify)]
    [InlineData(TlsLevel.Encrypt, TlsLevel.Verify)]
    [InlineData(TlsLevel.Fingerprint, TlsLevel.Fingerprint)]
    [InlineData(TlsLevel.Verify, TlsLevel.Verify)]
    [InlineData(TlsLevel.Secure, TlsLevel.Secure)]
    public void Apply_EnforceAndAMatchingMx_RaisedToVerifyNeverLowered(TlsLevel floor, TlsLevel expected)
    {
        var plan = StsDecision.Apply(Plan(floor), Policy(floor), Cached(StsMode.Enforce, "*.partner.test"), "mx1.partner.test");

        Assert.Equal(expected, plan.Level);
        Assert.Null(plan.RefusalType);
        Assert.Equal(new StsHostRule(StsMode.Enforce, "id1", "*.partner.test"), plan.Sts);
        Assert.Equal(floor < TlsLevel.Fingerprint, StsDecision.Raised(plan, Policy(floor)));
    }

    [Fact]
    public void Apply_EnforceAndAnMxOutsideThePatterns_BlockedValidationFailure()
    {
        var plan = StsDecision.Apply(Plan(TlsLevel.Verify), Policy(TlsLevel.Verify), Cached(StsMode.Enforce, "mx.partner.test", "*.backup.partner.test"), "mx.attacker.test");

        Assert.Equal((DowngradeResultType.ValidationFailure, true, false), (plan.RefusalType, plan.Blocked, plan.Temporary));
        Assert.Contains("mx.attacker.test matches none of the mx patterns (mx.partner.test, *.backup.partner.test)", plan.Detail, StringComparison.Ordinal);
        Assert.Null(plan.Sts!.Pattern);
    }

    [Theory]
    [InlineData("a.b.partner.test")]
    [InlineData("partner.test")]
    public void Apply_WildcardMatchesOneLabelOnly_OtherDepthsRefused(string host)
    {
        var plan = StsDecision.Apply(Plan(TlsLevel.Opportunistic), Policy(TlsLevel.Opportunistic), Cached(StsMode.Enforce, "*.partner.test"), host);

        Assert.True(plan.Blocked);
    }

    [Fact]
    public void Apply_TestingAndAnMxOutsideThePatterns_CountedNotBlocked()
    {
        var plan = StsDecision.Apply(Plan(TlsLevel.Opportunistic), Policy(TlsLevel.Opportunistic), Cached(StsMode.Testing, "mx.partner.test"), "mx.attacker.test");

        Assert.Equal((DowngradeResultType.ValidationFailure, false, TlsLevel.Opportunistic), (plan.RefusalType, plan.Blocked, plan.Level));
    }

    [Fact]
    public void Apply_TestingAndAMatchingMx_LevelUnchangedRuleKept()
    {
        var plan = StsDecision.Apply(Plan(TlsLevel.Opportunistic), Policy(TlsLevel.Opportunistic), Cached(StsMode.Testing, "mx.partner.test"), "MX.Partner.Test.");

        Assert.Equal((TlsLevel.Opportunistic, (string?)null, "mx.partner.test"), (plan.Level, plan.RefusalType, plan.Sts!.Pattern));
        Assert.False(StsDecision.Raised(plan, Policy(TlsLevel.Opportunistic)));
    }

    [Fact]
    public void Apply_EnforceUnderATlsPolicyInModeTesting_CountedNotBlocked()
    {
        var policy = Policy(TlsLevel.Opportunistic) with { Mode = PolicyMode.Testing };

        var plan = StsDecision.Apply(Plan(TlsLevel.Opportunistic), policy, Cached(StsMode.Enforce, "mx.partner.test"), "mx.attacker.test");

        Assert.False(plan.Blocked);
        Assert.Equal(DowngradeResultType.ValidationFailure, plan.RefusalType);
    }

    [Fact]
    public void Apply_DaneDecided_StsIgnored()
    {
        var dane = Plan(TlsLevel.Encrypt) with { Dane = Records };

        var plan = StsDecision.Apply(dane, Policy(TlsLevel.Opportunistic), Cached(StsMode.Enforce, "other.partner.test"), "mx.partner.test");

        Assert.Same(dane, plan);
    }

    [Fact]
    public void Apply_DaneRefusedTheHost_DaneRefusalStands()
    {
        var refused = Plan(TlsLevel.Opportunistic) with { RefusalType = DowngradeResultType.DnssecInvalid, Blocked = true, Temporary = true };

        Assert.Same(refused, StsDecision.Apply(refused, Policy(TlsLevel.Opportunistic), Cached(StsMode.Enforce, "other.partner.test"), "mx.partner.test"));
    }

    [Fact]
    public void Apply_NoPolicy_PlanUnchanged()
    {
        var plan = Plan(TlsLevel.Opportunistic);

        Assert.Same(plan, StsDecision.Apply(plan, Policy(TlsLevel.Opportunistic), null, "mx.partner.test"));
    }

    [Theory]
    [InlineData(true, null, TlsLevel.Opportunistic, true)]
    [InlineData(false, null, TlsLevel.Opportunistic, false)]
    [InlineData(true, "[smtp.partner.test]:25", TlsLevel.Opportunistic, false)]
    [InlineData(true, null, TlsLevel.DaneOnly, false)]
    public void Applies_DiscoveryNextHopAndDaneOnly_Decide(bool discover, string? nextHop, TlsLevel level, bool expected)
    {
        var policy = Policy(level) with { DiscoverMtaSts = discover, NextHop = nextHop };

        Assert.Equal(expected, StsDecision.Applies(policy));
        Assert.Equal(expected, StsDecision.Apply(Plan(level), policy, Cached(StsMode.Enforce, "other.test"), "mx.partner.test").Sts is not null);
    }

    private static HostPlan Plan(TlsLevel level) => HostPlans.Plan(level);

    private static CompiledPolicy Policy(TlsLevel level) => new() { Name = "mail/partner", Domains = ["partner.test"], Level = level };

    private static StsCachedPolicy Cached(StsMode mode, params string[] patterns) =>
        new("partner.test", "id1", new StsPolicy(mode, TimeSpan.FromDays(1), patterns), Now, Now.AddDays(1));
}
