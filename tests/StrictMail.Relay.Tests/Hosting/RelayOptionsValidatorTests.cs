using StrictMail.Relay.Hosting;

namespace StrictMail.Relay.Tests.Hosting;

public sealed class RelayOptionsValidatorTests
{
    private readonly RelayOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(_validator.Validate(null, new RelayOptions()).Succeeded);

    [Fact]
    public void Validate_EmptyPolicyFile_FailsNamingSetting()
    {
        var result = _validator.Validate(null, new RelayOptions { PolicyFile = " " });

        Assert.Contains("Relay:PolicyFile", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostNameAdminUrl_FailsNamingSetting()
    {
        var result = _validator.Validate(null, new RelayOptions { AdminUrl = "http://relay.example:9464" });

        Assert.Contains("Relay:AdminUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7200)]
    public void Validate_PollIntervalOutOfRange_FailsNamingSetting(int seconds)
    {
        var result = _validator.Validate(null, new RelayOptions { PolicyPollInterval = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("Relay:PolicyPollInterval", result.FailureMessage, StringComparison.Ordinal);
    }
}
