using System.Diagnostics;
using k8s;
using StrictMail.Operator.Runtime.Leadership;

namespace StrictMail.Operator.Tests.Runtime.Leadership;

/// <summary>One running election candidate with its own client, recording when it gained and lost leadership.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Kubernetes _client;
    private readonly Task _running;

    public Candidate(string url, LeaderElectionOptions options)
    {
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = url });
        Election = new LeaderElection(_client, options, new LeadershipLog(Log));
        Election.BecameLeader += () => BecameAt ??= Stopwatch.GetTimestamp();
        Election.LostLeadership += () => LostAt ??= Stopwatch.GetTimestamp();
        _running = Task.Run(() => Election.RunAsync(_stop.Token));
    }

    public LeaderElection Election { get; }

    public TimedEventLogger Log { get; } = new();

    public long? BecameAt { get; private set; }

    public long? LostAt { get; private set; }

    public bool IsLeader => Election.IsLeader;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
