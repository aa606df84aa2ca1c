using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Tests.ReportSending;

public sealed class ReportSendingOptionsValidatorTests : IDisposable
{
    private readonly string _key = Path.GetTempFileName();

    public ReportSendingOptionsValidatorTests()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        File.WriteAllText(_key, rsa.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => File.Delete(_key);

    [Fact]
    public void Validate_KeyFileThatIsNoKey_RefusedSayingSo()
    {
        File.WriteAllText(_key, "not a key");
        var options = new ReportSendingOptions { DkimKeyFile = _key, DkimDomain = "relay.test", OrganizationName = "Org", ContactInfo = "c" };

        Assert.Contains("is not a PEM RSA private key", new ReportSendingOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoKey_ReportingOffAndValid()
    {
        var options = new ReportSendingOptions();

        Assert.False(options.Enabled);
        Assert.True(new ReportSendingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_KeyWithoutDomainOrganisationOrContact_NamesEachMissingSetting()
    {
        var result = new ReportSendingOptionsValidator().Validate(null, new ReportSendingOptions { DkimKeyFile = _key });

        Assert.True(result.Failed);
        Assert.Contains("Relay:Reporting:DkimDomain", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Relay:Reporting:OrganizationName", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Relay:Reporting:ContactInfo", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Complete_ValidWithTheDefaultFrom()
    {
        var options = new ReportSendingOptions { DkimKeyFile = _key, DkimDomain = "relay.test", OrganizationName = "Org", ContactInfo = "mailto:a@relay.test" };

        Assert.True(new ReportSendingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("tlsrpt@relay.test", options.Sender);
    }

    [Theory]
    [InlineData("/nonexistent/dkim.key", "00:00:00", "does not exist")]
    [InlineData(null, "1.00:00:00", "SendWindow")]
    public void Validate_MissingKeyOrLongWindow_Refused(string? key, string window, string expected)
    {
        var options = new ReportSendingOptions { DkimKeyFile = key ?? _key, DkimDomain = "relay.test", OrganizationName = "Org", ContactInfo = "c", SendWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Contains(expected, new ReportSendingOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
