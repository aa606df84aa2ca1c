using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Metrics;

namespace StrictMail.Relay.Tests.Queue;

/// <summary>
/// The real queue, scheduler and delivery engine with one policy document ("*" at a chosen level),
/// a spool in a temp directory, second-scale backoff, and a DNS server and MX port of the test's.
/// </summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private QueueHarness(ServiceProvider services, string spool)
    {
        _services = services;
        Spool = spool;
        _hosted = services.GetServices<IHostedService>().ToList();
        Recorder = new MetricRecorder(services.GetRequiredService<IMeterFactory>());
    }

    public string Spool { get; }

    public MetricRecorder Recorder { get; }

    public IMessageQueue Queue => _services.GetRequiredService<IMessageQueue>();

    public QueueCensus Census => _services.GetRequiredService<QueueCensus>();

    public static async Task<QueueHarness> StartAsync(int smtpPort, IPEndPoint dns, string spool, TlsLevel level = TlsLevel.Opportunistic, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = DeliveryHarness.Settings(smtpPort, dns, spool);
        values["Relay:Queue:MinimalBackoff"] = "00:00:00.500";
        values["Relay:Queue:MaximalBackoff"] = "00:00:01";
        values["Relay:Queue:ScanInterval"] = "00:00:00.100";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var provider = RelayServices.Build(values, (services, configuration) =>
        {
            services.AddDelivery(configuration).AddQueue(configuration);
            configure?.Invoke(services);
        });
        var document = PolicyDocumentJson.Create([new CompiledPolicy { Name = "mail/default", Domains = ["*"], Level = level }]);
        provider.GetRequiredService<PolicyStore>().Publish(new PolicySnapshot(document, "test", DateTimeOffset.UtcNow));

        var harness = new QueueHarness(provider, spool);
        foreach (var hosted in harness._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>Replaces the delivery the queue calls with <paramref name="decorate"/> of the real engine (a fault to inject).</summary>
    public static Action<IServiceCollection> DecorateDelivery(Func<IDomainDelivery, IDomainDelivery> decorate) =>
        services => services.AddSingleton(provider => decorate(provider.GetRequiredService<DeliveryEngine>()));

    /// <summary>Accepts a message the way inbound does: begin, write, commit.</summary>
    public async Task<string> AcceptAsync(string sender, string[] recipients, byte[] body)
    {
        await using var incoming = await Queue.BeginAsync(new Envelope(sender, recipients, "127.0.0.1", "app.test", null, false), CancellationToken.None);
        await incoming.WriteAsync(body, CancellationToken.None);
        return await incoming.CommitAsync(CancellationToken.None);
    }

    /// <summary>Files in one spool directory (messages, states, parts).</summary>
    public string[] FilesIn(string directory) =>
        Directory.Exists(Path.Combine(Spool, "queue", directory)) ? Directory.GetFiles(Path.Combine(Spool, "queue", directory)).Select(f => Path.GetFileName(f)).ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        Recorder.Dispose();
        await _services.DisposeAsync();
    }
}
