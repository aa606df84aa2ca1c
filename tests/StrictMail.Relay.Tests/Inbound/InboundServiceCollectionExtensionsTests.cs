using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Inbound;

public sealed class InboundServiceCollectionExtensionsTests
{
    [Fact]
    public void AddInbound_NoClientNetworksConfigured_LoopbackOnly() =>
        Assert.Equal(["127.0.0.0/8", "::1/128"], Options([]).ClientNetworks);

    [Fact]
    public void AddInbound_ClientNetworksConfigured_ReplaceTheDefaultsInsteadOfAddingToThem()
    {
        var options = Options(new() { ["Relay:Inbound:ClientNetworks:0"] = "10.0.0.0/8", ["Relay:Inbound:ClientNetworks:1"] = "fd00::/8" });

        Assert.Equal(["10.0.0.0/8", "fd00::/8"], options.ClientNetworks);
    }

    [Fact]
    public async Task AddInbound_NoQueueRegistered_RegistersNoQueueAndDoesNotListen()
    {
        await using var services = InboundHarness.Services(new Dictionary<string, string?>(), queue: null);
        var server = services.GetRequiredService<InboundServer>();

        await server.StartAsync(CancellationToken.None);

        Assert.Null(services.GetService<IMessageQueue>());
        Assert.Null(server.EndPoint);
        await server.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AddRelay_HostedServices_InboundStartsAfterTheQueueRecoveredAndStopsBeforeIt()
    {
        var state = Directory.CreateTempSubdirectory("strictmail-inbound-order-");
        try
        {
            await using var app = RelayApp.Build([$"--Relay:StateDirectory={state.FullName}", "--Relay:Inbound:ListenAddress=127.0.0.1:0"]);

            var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();

            Assert.True(hosted.IndexOf(typeof(QueueManager)) < hosted.IndexOf(typeof(InboundServer)), string.Join(", ", hosted.Select(t => t.Name)));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static InboundOptions Options(Dictionary<string, string?> settings)
    {
        using var services = InboundHarness.Services(settings, queue: null);
        return services.GetRequiredService<IOptions<InboundOptions>>().Value;
    }
}
