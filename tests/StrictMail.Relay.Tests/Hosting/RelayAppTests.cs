using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Hosting;

[Collection(RelayHostGroup.Name)]
public sealed class RelayAppTests
{
    private const string PollVariable = "STRICTMAIL_Relay__PolicyPollInterval";

    [Fact]
    public async Task Build_NoSettings_UsesDefaults()
    {
        await using var app = RelayApp.Build([]);

        var options = app.Services.GetRequiredService<IOptions<RelayOptions>>().Value;

        Assert.Equal("/etc/strictmail/policy/policy.json", options.PolicyFile);
        Assert.Equal("http://0.0.0.0:9464", options.AdminUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PolicyPollInterval);
    }

    [Fact]
    public async Task Build_PrefixedEnvironmentVariable_SetsOption()
    {
        using var variable = new EnvironmentVariable(PollVariable, "00:00:03");
        await using var app = RelayApp.Build([]);

        Assert.Equal(TimeSpan.FromSeconds(3), app.Services.GetRequiredService<IOptions<RelayOptions>>().Value.PolicyPollInterval);
    }

    [Fact]
    public async Task Build_CommandLineAndEnvironment_CommandLineWins()
    {
        using var variable = new EnvironmentVariable(PollVariable, "00:00:03");
        await using var app = RelayApp.Build(["--Relay:PolicyPollInterval=00:00:04"]);

        Assert.Equal(TimeSpan.FromSeconds(4), app.Services.GetRequiredService<IOptions<RelayOptions>>().Value.PolicyPollInterval);
    }

    [Fact]
    public void Build_InvalidAdminUrl_ThrowsNamingSetting()
    {
        var e = Assert.Throws<OptionsValidationException>(() => RelayApp.Build(["--Relay:AdminUrl=ftp://0.0.0.0:1"]));

        Assert.Contains("Relay:AdminUrl", e.Message, StringComparison.Ordinal);
    }

    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, null);
    }
}
