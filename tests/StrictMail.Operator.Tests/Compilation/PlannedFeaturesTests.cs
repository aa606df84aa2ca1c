using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class PlannedFeaturesTests
{
    [Fact]
    public void Warnings_PlainPolicy_None() =>
        Assert.Empty(PlannedFeatures.Warnings(new TlsPolicySpec { Level = "Secure", Domains = ["bank.example"] }));

    [Fact]
    public void Warnings_EveryPlannedField_NamesEach()
    {
        var spec = new TlsPolicySpec
        {
            Level = "Secure",
            Domains = ["bank.example"],
            Discover = new DiscoverSpec { Dane = true, MtaSts = true },
            RequireTls = new RequireTlsSpec { HonorTlsRequiredNo = true },
        };

        var warnings = PlannedFeatures.Warnings(spec);

        Assert.Equal(["spec.requireTls.honorTlsRequiredNo"], warnings.Select(w => w.Path));
        Assert.All(warnings, w => Assert.Contains("not yet enforced", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Warnings_MtaStsDiscovery_NoneTheRelayEnforcesIt() =>
        Assert.Empty(PlannedFeatures.Warnings(new TlsPolicySpec { Level = "Opportunistic", Domains = ["a.example"], Discover = new DiscoverSpec { Dane = true, MtaSts = true } }));

    [Fact]
    public void Warnings_DiscoveryTurnedOff_None() =>
        Assert.Empty(PlannedFeatures.Warnings(new TlsPolicySpec { Level = "Verify", Domains = ["a.example"], Discover = new DiscoverSpec { Dane = false, MtaSts = false } }));

    [Fact]
    public void Warnings_DaneOnlyAndDaneDiscovery_NoneTheRelayEnforcesThem() =>
        Assert.Empty(PlannedFeatures.Warnings(new TlsPolicySpec { Level = "DaneOnly", Domains = ["a.example"], Discover = new DiscoverSpec { Dane = true, MtaSts = false } }));
}
