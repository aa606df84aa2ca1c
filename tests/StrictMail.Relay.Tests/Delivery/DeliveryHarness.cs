using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StrictMail.Policy.Document;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Metrics;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// The real delivery engine wired as the relay wires it, pointed at a test DNS server and a test
/// MX port, with its own state directory, trust anchors and metric recorder.
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    /// <summary>The Secret name and key under which the test CA is installed as a trust anchor.</summary>
    public static readonly TrustAnchorRef TestCa = new("test-ca", "ca.crt");

    private readonly ServiceProvider _services;
    private readonly DirectoryInfo _root;

    private DeliveryHarness(ServiceProvider services, DirectoryInfo root)
    {
        _services = services;
        _root = root;
        Recorder = new MetricRecorder(services.GetRequiredService<IMeterFactory>());
        Engine = services.GetRequiredService<DeliveryEngine>();
    }

    public DeliveryEngine Engine { get; }

    /// <summary>Loads a document holding <paramref name="policies"/>, as the policy file watcher would; the same policy again keeps the loaded objects.</summary>
    public void Publish(params CompiledPolicy[] policies)
    {
        var store = _services.GetRequiredService<PolicyStore>();
        var document = PolicyDocumentJson.Create(policies);
        if (store.Current?.Document.Revision != document.Revision)
        {
            store.Publish(new PolicySnapshot(document, "test", DateTimeOffset.UtcNow));
        }
    }

    /// <summary>A service of the wired relay, e.g. the connection pool, to look at its state.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public MetricRecorder Recorder { get; }

    public string StateDirectory => Path.Combine(_root.FullName, "state");

    /// <summary>A harness whose MX port is <paramref name="smtpPort"/> and whose resolver is <paramref name="dns"/>.</summary>
    public static DeliveryHarness Create(int smtpPort, IPEndPoint dns, IReadOnlyDictionary<string, string?>? settings = null, string? stateDirectory = null, Action<IServiceCollection>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("strictmail-delivery-");
        var anchors = Path.Combine(root.FullName, "anchors");
        Directory.CreateDirectory(Path.Combine(anchors, TestCa.SecretName));
        PemFiles.WriteCertificate(Path.Combine(anchors, TestCa.SecretName, TestCa.Key), TestPki.Shared.Ca.Certificate);
        var values = Settings(smtpPort, dns, stateDirectory ?? Path.Combine(root.FullName, "state"));
        values["Relay:Delivery:TrustAnchorsDirectory"] = anchors;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var provider = RelayServices.Build(values, (services, configuration) =>
        {
            services.AddDelivery(configuration);
            configure?.Invoke(services);
        });
        return new DeliveryHarness(provider, root);
    }

    /// <summary>Delivery settings for tests: the test's DNS server and MX port, no DNS cache, short timeouts.</summary>
    public static Dictionary<string, string?> Settings(int smtpPort, IPEndPoint dns, string stateDirectory) => new()
    {
        ["Relay:StateDirectory"] = stateDirectory,
        ["Relay:Delivery:DnsServers:0"] = dns.ToString(),
        ["Relay:Delivery:DnsCache"] = "false",
        ["Relay:Delivery:DnsTimeout"] = "00:00:03",
        ["Relay:Delivery:SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Relay:Delivery:ConnectTimeout"] = "00:00:05",
        ["Relay:Delivery:CommandTimeout"] = "00:00:10",
        ["Relay:Delivery:HeloName"] = "relay.test",
    };

    /// <summary>Measurements of one instrument, as "tag=value,..." strings, for readable assertions.</summary>
    public IReadOnlyList<string> Measured(string instrument) =>
        Recorder.Of(instrument).Select(m => string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))).ToArray();

    public async ValueTask DisposeAsync()
    {
        Recorder.Dispose();
        await _services.DisposeAsync();
        // Idempotent: a test may dispose early to close the pooled sessions, then `await using` disposes again.
        _root.Refresh();
        if (_root.Exists)
        {
            _root.Delete(recursive: true);
        }
    }
}
