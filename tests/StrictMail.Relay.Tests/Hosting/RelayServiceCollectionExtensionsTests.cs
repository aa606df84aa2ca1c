using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Hosting;

[Collection(RelayHostGroup.Name)]
public sealed class RelayServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddRelay_HostedServices_PolicyThenQueueThenInbound()
    {
        var state = Directory.CreateTempSubdirectory("strictmail-order-");
        try
        {
            await using var app = RelayApp.Build([$"--Relay:StateDirectory={state.FullName}", "--Relay:Inbound:ListenAddress=127.0.0.1:0"]);

            var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

            // Recovered mail is delivered at once only if the policy is loaded before the queue starts.
            Assert.True(hosted.IndexOf(typeof(PolicyFileWatcher)) < hosted.IndexOf(typeof(QueueManager)), string.Join(", ", hosted.Select(t => t.Name)));
            Assert.True(hosted.IndexOf(typeof(QueueManager)) < hosted.IndexOf(typeof(InboundServer)), string.Join(", ", hosted.Select(t => t.Name)));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public void ShareRelayOptions_RelaySection_EachFeatureGetsItsPart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:StateDirectory"] = "/srv/state",
            ["Relay:PolicyFile"] = "/srv/policy/policy.json",
            ["Relay:PolicyPollInterval"] = "00:00:07",
        }).Build();
        var services = new ServiceCollection();
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName));

        using var provider = services.ShareRelayOptions().BuildServiceProvider();

        Assert.Equal("/srv/state", provider.GetRequiredService<IOptions<QueueStateOptions>>().Value.StateDirectory);
        Assert.Equal("/srv/state", provider.GetRequiredService<IOptions<ContinuityOptions>>().Value.StateDirectory);
        Assert.Equal("/srv/policy/policy.json", provider.GetRequiredService<IOptions<PolicyFileOptions>>().Value.File);
        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IOptions<PolicyFileOptions>>().Value.PollInterval);
    }

    [Fact]
    public async Task AddRelay_Gauges_ReadThePolicyStoreAndTheQueueCensusTheQueueUses()
    {
        var state = Directory.CreateTempSubdirectory("strictmail-gauges-");
        try
        {
            await using var app = RelayApp.Build([$"--Relay:StateDirectory={state.FullName}", "--Relay:Inbound:ListenAddress=127.0.0.1:0"]);

            Assert.Same(app.Services.GetRequiredService<PolicyStore>(), app.Services.GetRequiredService<IPolicyGauges>());
            Assert.Same(app.Services.GetRequiredService<QueueCensus>(), app.Services.GetRequiredService<IQueueGauges>());
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}
