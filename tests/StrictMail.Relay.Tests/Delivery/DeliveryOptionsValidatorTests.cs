using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Tests.Delivery;

public sealed class DeliveryOptionsValidatorTests
{
    private readonly DeliveryOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(_validator.Validate(null, new DeliveryOptions()).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_ContinuityMaxHostsBelowOne_FailsNamingSetting(int hosts)
    {
        var result = _validator.Validate(null, new DeliveryOptions { ContinuityMaxHosts = hosts });

        Assert.Contains("Relay:Delivery:ContinuityMaxHosts", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DnssecResolverNotAnAddress_FailsNamingIt()
    {
        var result = _validator.Validate(null, new DeliveryOptions { DnssecResolvers = ["127.0.0.53", "unbound.local"] });

        Assert.Equal("Relay:Delivery:DnssecResolvers entry 'unbound.local' is not an IP address or ip:port", result.FailureMessage);
    }

    [Fact]
    public void Validate_EmptyDnssecCheckName_Fails()
    {
        var result = _validator.Validate(null, new DeliveryOptions { DnssecCheckName = " " });

        Assert.Contains("Relay:Delivery:DnssecCheckName", result.FailureMessage, StringComparison.Ordinal);
    }
}
