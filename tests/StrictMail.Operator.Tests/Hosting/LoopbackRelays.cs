using System.Net;
using Microsoft.AspNetCore.Builder;
using StrictMail.Policy.Document;
using StrictMail.Relay.Hosting;
using StrictMail.TestSupport.Files;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// N real relays on 127.0.93.1..N sharing one admin port, as relay pods share theirs, each reading
/// policy.json from its own ConfigMap-volume-like directory that a <see cref="KubeletSimulator"/>
/// fills from the fake API server. A Running, Ready Pod is seeded for each.
/// </summary>
internal sealed class LoopbackRelays : IAsyncDisposable
{
    /// <summary>The first three octets of the relays' addresses (unused by other tests).</summary>
    public const string Subnet = "127.0.93";

    /// <summary>The xunit collection of tests that use these addresses: they run one at a time.</summary>
    public const string Collection = "Loopback relays on 127.0.93.*";

    private readonly TempDirectory _root;
    private readonly List<LoopbackRelay> _relays;

    private LoopbackRelays(TempDirectory root, int adminPort, List<LoopbackRelay> relays, KubeletSimulator kubelet)
    {
        _root = root;
        AdminPort = adminPort;
        _relays = relays;
        Kubelet = kubelet;
    }

    /// <summary>The admin port every relay listens on (pass it to the operator as RelayAdminPort).</summary>
    public int AdminPort { get; }

    public IReadOnlyList<LoopbackRelay> Relays => _relays;

    public KubeletSimulator Kubelet { get; }

    public LoopbackRelay this[int index] => _relays[index];

    /// <summary>Starts <paramref name="count"/> relays, seeds their pods and starts the kubelet simulator.</summary>
    /// <param name="harness">The fake API server the pods are seeded in.</param>
    /// <param name="count">How many relays.</param>
    /// <param name="kubeletInterval">How often the kubelet simulator copies the ConfigMap.</param>
    /// <param name="arguments">More settings for every relay (e.g. its DNS server and TLS reporting).</param>
    public static async Task<LoopbackRelays> StartAsync(OperatorHarness harness, int count = 3, TimeSpan? kubeletInterval = null, IReadOnlyList<string>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var addresses = Enumerable.Range(1, count).Select(i => IPAddress.Parse($"{Subnet}.{i}")).ToArray();
        var port = FreePort.TcpOnAll(addresses);
        var root = new TempDirectory();
        var relays = new List<LoopbackRelay>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                relays.Add(await StartRelayAsync(root, $"relay-{i + 1}", addresses[i], port, arguments ?? []));
            }
        }
        catch
        {
            await StopAsync(relays);
            root.Dispose();
            throw;
        }

        foreach (var relay in relays)
        {
            harness.SeedRelayPod(relay.PodName, relay.Address.ToString());
        }

        var kubelet = new KubeletSimulator(harness.ConfigMap, [.. relays.Select(r => r.Volume)], kubeletInterval ?? TimeSpan.FromMilliseconds(100));
        return new LoopbackRelays(root, port, relays, kubelet);
    }

    /// <summary>The revision each relay reports, in relay order ("(none)" for a relay that reports none).</summary>
    public async Task<IReadOnlyList<string>> RevisionsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var revisions = new string[_relays.Count];
        for (var i = 0; i < _relays.Count; i++)
        {
            revisions[i] = await _relays[i].RevisionAsync(http) ?? "(none)";
        }

        return revisions;
    }

    public async ValueTask DisposeAsync()
    {
        await Kubelet.DisposeAsync();
        await StopAsync(_relays);
        _root.Dispose();
    }

    private static async Task<LoopbackRelay> StartRelayAsync(TempDirectory root, string podName, IPAddress address, int port, IReadOnlyList<string> arguments)
    {
        var volume = new ProjectedVolume(root.File(Path.Combine(podName, "policy")));
        var state = Directory.CreateDirectory(root.File(Path.Combine(podName, "state"))).FullName;
        var app = RelayApp.Build([
            $"--Relay:PolicyFile={Path.Combine(volume.Directory, "policy.json")}",
            $"--Relay:AdminUrl=http://{address}:{port}",
            $"--Relay:StateDirectory={state}",
            $"--Relay:Inbound:ListenAddress={address}:0",
            .. arguments,
        ]);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LoopbackRelay(podName, address, port, volume, app);
    }

    private static async Task StopAsync(List<LoopbackRelay> relays)
    {
        foreach (var relay in relays)
        {
            await relay.App.StopAsync();
            await relay.App.DisposeAsync();
        }
    }
}
