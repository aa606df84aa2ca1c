namespace StrictMail.Chart.Tests.Schema;

public sealed class ValuesSchemaTests
{
    [Fact]
    public void Validate_DefaultValues_IsValid()
    {
        Assert.Empty(ValuesSchema.Validate(ValuesSchema.Merge()));
    }

    [Fact]
    public void Validate_AllOnValues_IsValid()
    {
        Assert.Empty(ValuesSchema.Validate(ValuesSchema.Merge(File.ReadAllText(ChartPaths.TestData("all-on.yaml")))));
    }

    [Fact]
    public void Validate_ReplicasAsWord_NamesTheValueAndTheExpectedType()
    {
        var errors = ValuesSchema.Validate(ValuesSchema.Merge("operator:\n  replicas: two\n"));

        var error = Assert.Single(errors);
        Assert.StartsWith("operator.replicas: ", error, StringComparison.Ordinal);
        Assert.Contains("integer", error, StringComparison.Ordinal);
        Assert.Contains("string", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspelledKey_IsRefused()
    {
        // Without additionalProperties: false a typo would be ignored and the default kept silently.
        var errors = ValuesSchema.Validate(ValuesSchema.Merge("relay:\n  clientNetwork: [10.0.0.0/8]\n"));

        Assert.Contains(errors, e => e.StartsWith("relay", StringComparison.Ordinal) && e.Contains("clientNetwork", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("relay:\n  clientNetworks: [0.0.0.0/0]\n", "relay.clientNetworks.0")]
    [InlineData("relay:\n  smtpPort: 25\n", "relay.smtpPort")]
    [InlineData("relay:\n  resources:\n    requests: {cpu: 1, memory: 1Gi}\n    limits: null\n", "relay.resources.limits")]
    [InlineData("relay:\n  settings:\n    \"Inbound:ListenAddress\": 0.0.0.0:25\n", "relay.settings")]
    [InlineData("operator:\n  leaderElection:\n    leaseDuration: 15 seconds\n", "operator.leaderElection.leaseDuration")]
    [InlineData("operator:\n  image:\n    pullPolicy: Sometimes\n", "operator.image.pullPolicy")]
    [InlineData("operator:\n  watchNamespaces: [Mail_Team]\n", "operator.watchNamespaces.0")]
    public void Validate_UnsafeOrMalformedValue_IsRefusedAtItsPath(string overrides, string path)
    {
        var errors = ValuesSchema.Validate(ValuesSchema.Merge(overrides));

        Assert.Contains(errors, e => e.StartsWith(path, StringComparison.Ordinal));
    }
}
