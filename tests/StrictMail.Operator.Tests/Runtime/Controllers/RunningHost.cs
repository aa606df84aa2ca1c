using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Leadership;
using StrictMail.Operator.Runtime.Watching;

namespace StrictMail.Operator.Tests.Runtime.Controllers;

/// <summary>
/// A <see cref="ControllerHost{TEntity}"/> for TlsPolicy running against a fake API server with its own client,
/// a <see cref="RecordingController"/> and, when given an identity, its own leader election sharing the host's stop.
/// </summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Kubernetes _client;
    private Task _running = Task.CompletedTask;

    private RunningHost(string url, ControllerOptions options, LeaderElectionOptions? election)
    {
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = url });
        if (election is not null)
        {
            Election = new LeaderElection(_client, election, new LeadershipLog(NullLogger.Instance));
            Election.BecameLeader += () => BecameLeaderAt.Enqueue(Stopwatch.GetTimestamp());
            Election.LostLeadership += () => LostLeadershipAt.Enqueue(Stopwatch.GetTimestamp());
            Controller.IsLeading = () => Election.IsLeader;
        }

        Host = new ControllerHost<TlsPolicy>(_client, options, _ => Controller, Election);
    }

    public RecordingController Controller { get; } = new();

    public ControllerHost<TlsPolicy> Host { get; }

    public LeaderElection? Election { get; }

    public bool IsLeader => Election?.IsLeader == true;

    /// <summary>Stopwatch timestamps at which this host's election gained leadership.</summary>
    public ConcurrentQueue<long> BecameLeaderAt { get; } = new();

    /// <summary>Stopwatch timestamps at which this host's election lost leadership.</summary>
    public ConcurrentQueue<long> LostLeadershipAt { get; } = new();

    /// <summary>Default test options: small retry base, resync off unless asked for, fast watch reconnects.</summary>
    public static ControllerOptions Options(int workers = 2, TimeSpan? resync = null) => new()
    {
        Watch = new ResourceWatcherOptions { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) },
        Workers = workers,
        ResyncPeriod = resync ?? TimeSpan.FromHours(1),
        RetryBase = TimeSpan.FromMilliseconds(50),
        RetryMax = TimeSpan.FromSeconds(5),
    };

    /// <summary>Starts a host (and its election, if <paramref name="election"/> is given) and waits for its first list.</summary>
    public static async Task<RunningHost> StartAsync(
        string url, ControllerOptions? options = null, LeaderElectionOptions? election = null, Action<RecordingController>? setUp = null)
    {
        var host = new RunningHost(url, options ?? Options(), election);
        setUp?.Invoke(host.Controller);
        var hosting = Task.Run(() => host.Host.RunAsync(host._stop.Token));
        host._running = host.Election is not { } leading
            ? hosting
            : Task.WhenAll(hosting, Task.Run(() => leading.RunAsync(host._stop.Token)));
        await host.Host.Synced.WaitAsync(TimeSpan.FromSeconds(5));
        return host;
    }

    /// <summary>Stops the host and its election (which releases the lease) and waits for both.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }
}
