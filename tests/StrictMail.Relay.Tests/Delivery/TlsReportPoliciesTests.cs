using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Reporting;

namespace StrictMail.Relay.Tests.Delivery;

public sealed class TlsReportPoliciesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly StsCachedPolicy Sts = new("partner.test", "1", new StsPolicy(StsMode.Testing, TimeSpan.FromDays(7), ["mx.partner.test", "*.backup.partner.test"]), Now, Now.AddDays(7));

    [Fact]
    public void For_DaneDecided_TlsaWithTheRecordsInFull()
    {
        var policy = TlsReportPolicies.For(HostPlans.Plan(TlsLevel.Encrypt) with { Dane = HostPlans.Records, Sts = new StsHostRule(StsMode.Enforce, "1", "mx.partner.test") }, Sts);

        Assert.Equal((TlsReportPolicy.Tlsa, "3 1 1 " + new string('0', 64)), (policy.Type, Assert.Single(policy.Strings)));
    }

    [Fact]
    public void For_StsApplied_TheLinesOfThePolicy()
    {
        var policy = TlsReportPolicies.For(HostPlans.Plan(TlsLevel.Opportunistic) with { Sts = new StsHostRule(StsMode.Testing, "1", "mx.partner.test") }, Sts);

        Assert.Equal(TlsReportPolicy.Sts, policy.Type);
        Assert.Equal(["version: STSv1", "mode: testing", "mx: mx.partner.test", "mx: *.backup.partner.test", "max_age: 604800"], policy.Strings);
    }

    [Fact]
    public void For_NeitherApplied_NoPolicyFound() =>
        Assert.Same(TlsReportPolicy.None, TlsReportPolicies.For(HostPlans.Plan(TlsLevel.Verify), Sts));
}
