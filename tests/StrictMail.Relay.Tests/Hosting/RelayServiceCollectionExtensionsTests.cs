using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
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
}
