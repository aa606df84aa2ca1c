using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Queue;
using StrictMail.TestSupport.Metrics;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

/// <summary>
/// The inbound server wired by AddInbound, as the relay wires it, on a fresh loopback address, writing to a
/// <see cref="RecordingQueue"/>; optionally with the test certificate (PEM files) and a users file.
/// </summary>
internal sealed class InboundHarness : IAsyncDisposable
{
    public const string HostName = TestPki.PartnerMx;
    public const string User = "app@internal.test";
    public const string Password = "correct horse battery staple";

    /// <summary>Cheap hashes for tests; production hashes use the 600,000-iteration default.</summary>
    public const int TestIterations = PasswordHasher.MinIterations;

    private readonly ServiceProvider _services;
    private readonly DirectoryInfo _directory;
    private bool _stopped;

    private InboundHarness(ServiceProvider services, DirectoryInfo directory, RecordingQueue queue)
    {
        _services = services;
        _directory = directory;
        Queue = queue;
        Recorder = new MetricRecorder(services.GetRequiredService<IMeterFactory>());
        Server = services.GetRequiredService<InboundServer>();
    }

    public InboundServer Server { get; }

    public RecordingQueue Queue { get; }

    public MetricRecorder Recorder { get; }

    public IPEndPoint EndPoint => Server.EndPoint ?? throw new InvalidOperationException("The server is not listening.");

    public string Directory => _directory.FullName;

    public string CertificateFile => Path.Combine(Directory, "tls.crt");

    public string KeyFile => Path.Combine(Directory, "tls.key");

    public string UsersFile => Path.Combine(Directory, "users");

    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>Starts a server; <paramref name="tls"/> adds the test certificate and a users file with <see cref="User"/>; <paramref name="settings"/> are more "Relay:Inbound" keys.</summary>
    public static async Task<InboundHarness> StartAsync(bool tls = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("strictmail-inbound-");
        var values = new Dictionary<string, string?>
        {
            ["Relay:Inbound:ListenAddress"] = Loopback.NextAddress() + ":0",
            ["Relay:Inbound:HostName"] = HostName,
            ["Relay:Inbound:IdleTimeout"] = "00:00:10",
            ["Relay:Inbound:AuthFailureDelay"] = "00:00:00",
        };
        if (tls)
        {
            PemFiles.WriteCertificate(Path.Combine(directory.FullName, "tls.crt"), TestPki.Shared.Good);
            PemFiles.WritePrivateKey(Path.Combine(directory.FullName, "tls.key"), TestPki.Shared.Good);
            PemFiles.WriteCertificate(Path.Combine(directory.FullName, "ca.crt"), TestPki.Shared.Ca.Certificate);
            File.WriteAllText(Path.Combine(directory.FullName, "users"), UsersFileLine(User, Password) + "\n");
            values["Relay:Inbound:CertificateFile"] = Path.Combine(directory.FullName, "tls.crt");
            values["Relay:Inbound:KeyFile"] = Path.Combine(directory.FullName, "tls.key");
            values["Relay:Inbound:UsersFile"] = Path.Combine(directory.FullName, "users");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values["Relay:Inbound:" + key] = value;
        }

        var queue = new RecordingQueue();
        var services = Services(values, queue);
        var harness = new InboundHarness(services, directory, queue);
        _ = services.GetRequiredService<IOptions<InboundOptions>>().Value;
        await harness.Server.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>What the relay registers around AddInbound, configured with <paramref name="settings"/>; <paramref name="queue"/> null registers no queue.</summary>
    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> settings, IMessageQueue? queue)
    {
        return RelayServices.Build(settings, (services, configuration) =>
        {
            if (queue is not null)
            {
                services.AddSingleton(queue);
            }

            services.AddInbound(configuration);
        });
    }

    /// <summary>A users-file line for <paramref name="user"/> with a cheap hash.</summary>
    public static string UsersFileLine(string user, string password) =>
        user + ":" + PasswordHasher.Hash(Encoding.UTF8.GetBytes(password), TestIterations);

    /// <summary>messages.received measurements as "tls=..." strings.</summary>
    public IReadOnlyList<string> ReceivedMetric() =>
        Recorder.Of("strictmail.relay.messages.received").Select(m => "tls=" + m.Tags["tls"] + " x" + m.Value.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Stops the server as the host would, with <paramref name="timeout"/> as the host's shutdown timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stopped = true;
        using var cancel = new CancellationTokenSource(timeout);
        await Server.StopAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync(TimeSpan.FromSeconds(2));
        }

        Recorder.Dispose();
        await _services.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
