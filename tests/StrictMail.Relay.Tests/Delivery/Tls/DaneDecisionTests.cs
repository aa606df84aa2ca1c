using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class DaneDecisionTests
{
    private static readonly DaneExpectation Records = HostPlans.Records;
    private static readonly DaneHost Usable = new(DaneHostState.Usable, "1 usable record", Records);
    private static readonly DaneHost Unusable = new(DaneHostState.Unusable, "every TLSA record is unusable");
    private static readonly DaneHost Failed = new(DaneHostState.Failed, "the TLSA lookup failed");
    private static readonly DaneHost None = DaneHost.NotApplicable("not signed");
    private static readonly DaneHost Unavailable = new(DaneHostState.Unavailable, "no trusted validating resolver");

    [Theory]
    [InlineData(TlsLevel.None, TlsLevel.Encrypt)]
    [InlineData(TlsLevel.Opportunistic, TlsLevel.Encrypt)]
    [InlineData(TlsLevel.Encrypt, TlsLevel.Encrypt)]
    [InlineData(TlsLevel.Verify, TlsLevel.Verify)]
    [InlineData(TlsLevel.Secure, TlsLevel.Secure)]
    [InlineData(TlsLevel.DaneOnly, TlsLevel.DaneOnly)]
    public void For_UsableTlsa_RaisedNeverLoweredWithTheRecords(TlsLevel floor, TlsLevel expected)
    {
        var plan = DaneDecision.For(Policy(floor), floor, Usable);

        Assert.Equal(expected, plan.Level);
        Assert.Same(Records, plan.Dane);
        Assert.Null(plan.RefusalType);
    }

    [Fact]
    public void For_AllUnusable_MandatoryTlsWithoutAuthentication()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Opportunistic), TlsLevel.Opportunistic, Unusable);

        Assert.Equal((TlsLevel.Encrypt, (DaneExpectation?)null, (string?)null), (plan.Level, plan.Dane, plan.RefusalType));
        Assert.Contains("TLS is mandatory", plan.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void For_FailedLookup_RefusedAsDnssecInvalidNeverFallsBack()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Opportunistic), TlsLevel.Opportunistic, Failed);

        Assert.Equal(("dnssec-invalid", true, true), (plan.RefusalType, plan.Blocked, plan.Temporary));
    }

    [Fact]
    public void For_FailedLookupInTestingMode_CountedAsAllowedAndGoesAheadAtTheFloor()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Opportunistic, PolicyMode.Testing), TlsLevel.Opportunistic, Failed);

        Assert.Equal((TlsLevel.Opportunistic, "dnssec-invalid", false), (plan.Level, plan.RefusalType, plan.Blocked));
    }

    [Fact]
    public void For_DaneOnlyWithoutAValidatingResolver_RefusedButTemporary()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.DaneOnly), TlsLevel.DaneOnly, Unavailable);

        Assert.Equal(("dane-required", true, true), (plan.RefusalType, plan.Blocked, plan.Temporary));
    }

    [Fact]
    public void For_OpportunisticWithoutAValidatingResolver_TheFloorApplies()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Opportunistic), TlsLevel.Opportunistic, Unavailable);

        Assert.Equal((TlsLevel.Opportunistic, (string?)null), (plan.Level, plan.RefusalType));
    }

    [Fact]
    public void For_DaneOnlyInTestingMode_CountedOnceAndGoesAheadAtEncrypt()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.DaneOnly, PolicyMode.Testing), TlsLevel.DaneOnly, None);

        Assert.Equal((TlsLevel.Encrypt, "dane-required", false), (plan.Level, plan.RefusalType, plan.Blocked));
    }

    [Theory]
    [InlineData(nameof(None))]
    [InlineData(nameof(Unusable))]
    public void For_DaneOnlyWithoutUsableTlsa_RefusedAsDaneRequired(string host)
    {
        var plan = DaneDecision.For(Policy(TlsLevel.DaneOnly), TlsLevel.DaneOnly, host == nameof(None) ? None : Unusable);

        Assert.Equal("dane-required", plan.RefusalType);
        Assert.StartsWith("the policy requires DANE", plan.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void For_DiscoveryOff_LevelUnchangedEvenWithUsableRecords()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Opportunistic) with { DiscoverDane = false }, TlsLevel.Opportunistic, Usable);

        Assert.Equal((TlsLevel.Opportunistic, (DaneExpectation?)null), (plan.Level, plan.Dane));
    }

    [Fact]
    public void For_NotApplicable_TheFloorApplies()
    {
        var plan = DaneDecision.For(Policy(TlsLevel.Verify), TlsLevel.Verify, None);

        Assert.Equal((TlsLevel.Verify, (DaneExpectation?)null, (string?)null), (plan.Level, plan.Dane, plan.RefusalType));
    }

    private static CompiledPolicy Policy(TlsLevel level, PolicyMode mode = PolicyMode.Enforce) =>
        new() { Name = "mail/partner", Domains = ["partner.test"], Level = level, Mode = mode };
}
