using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class RequireTlsDecisionTests
{
    private static readonly DaneExpectation Records = HostPlans.Records;

    [Theory]
    [InlineData(TlsLevel.None, TlsLevel.Verify)]
    [InlineData(TlsLevel.Opportunistic, TlsLevel.Verify)]
    [InlineData(TlsLevel.Encrypt, TlsLevel.Verify)]
    [InlineData(TlsLevel.Fingerprint, TlsLevel.Fingerprint)]
    [InlineData(TlsLevel.Verify, TlsLevel.Verify)]
    [InlineData(TlsLevel.Secure, TlsLevel.Secure)]
    [InlineData(TlsLevel.DaneOnly, TlsLevel.DaneOnly)]
    public void Apply_RequireTls_AtLeastVerifiedNeverLowered(TlsLevel level, TlsLevel expected) =>
        Assert.Equal(expected, RequireTlsDecision.Apply(Plan(level), Policy(), requireTls: true, tlsRequiredNo: false).Level);

    [Fact]
    public void Apply_RequireTlsWithDane_DaneAuthenticatesAtEncrypt()
    {
        var plan = RequireTlsDecision.Apply(Plan(TlsLevel.Encrypt) with { Dane = Records }, Policy(), requireTls: true, tlsRequiredNo: false);

        Assert.Equal((TlsLevel.Encrypt, Records), (plan.Level, plan.Dane));
    }

    [Fact]
    public void Apply_RequireTlsAndAShortfallCountedAsAllowed_NowBlocked()
    {
        var testing = Plan(TlsLevel.Opportunistic) with { RefusalType = DowngradeResultType.ValidationFailure, Blocked = false };

        Assert.True(RequireTlsDecision.Apply(testing, Policy(), requireTls: true, tlsRequiredNo: false).Blocked);
    }

    [Fact]
    public void Apply_TlsRequiredNoHonoured_OpportunisticWithDaneAndStsSetAside()
    {
        var strict = Plan(TlsLevel.Secure) with { Dane = Records, Sts = new StsHostRule(StsMode.Enforce, "1", "mx.partner.test") };

        var plan = RequireTlsDecision.Apply(strict, Policy() with { HonorTlsRequiredNo = true }, requireTls: false, tlsRequiredNo: true);

        Assert.Equal((TlsLevel.Opportunistic, (DaneExpectation?)null, (StsHostRule?)null, false), (plan.Level, plan.Dane, plan.Sts, plan.Blocked));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Apply_TlsRequiredNoNotHonouredOrUnderRequireTls_PlanStands(bool honor, bool requireTls)
    {
        var strict = Plan(TlsLevel.Secure);

        var plan = RequireTlsDecision.Apply(strict, Policy() with { HonorTlsRequiredNo = honor }, requireTls, tlsRequiredNo: true);

        Assert.Equal(TlsLevel.Secure, plan.Level);
    }

    private static HostPlan Plan(TlsLevel level) => HostPlans.Plan(level);

    private static CompiledPolicy Policy() => new() { Name = "mail/partner", Domains = ["partner.test"], Level = TlsLevel.Opportunistic };
}
