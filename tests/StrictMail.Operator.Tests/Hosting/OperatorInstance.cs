using k8s;
using StrictMail.Operator.Hosting;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>One running operator (runtime, its client and metrics); disposing stops it and releases its lease.</summary>
internal sealed class OperatorInstance : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Kubernetes _client;
    private readonly Task _running;
    private bool _stopped;

    public OperatorInstance(Kubernetes client, OperatorRuntime runtime, OperatorMetrics metrics)
    {
        _client = client;
        Runtime = runtime;
        Metrics = metrics;
        _running = runtime.RunAsync(_stop.Token);
    }

    public OperatorRuntime Runtime { get; }

    public OperatorMetrics Metrics { get; }

    /// <summary>Stops the instance (graceful: the lease is released).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Runtime.Dispose();
        Metrics.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }
}
