using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Queue;

/// <summary>
/// The scheduler (Postfix's qmgr): recovers the spool at start (active messages are delivered
/// again), keeps the due time of every deferred message, takes ready messages off the wake-up
/// channel and runs one <see cref="MessageAttempt"/> each, at most Workers at once, and lets the
/// attempts in flight finish on shutdown. The files belong to <see cref="Spool"/>.
/// </summary>
internal sealed class QueueManager(
    Spool spool,
    SpoolQueue queue,
    MessageAttempt attempt,
    IOptions<QueueOptions> options,
    TimeProvider clock,
    ILogger<QueueManager> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates and recovers the spool before the host starts anything that accepts mail.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, due) in spool.Recover())
        {
            if (due <= clock.GetUtcNow())
            {
                queue.Wake(id);
            }
            else
            {
                _due[id] = due;
            }
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new SemaphoreSlim(options.Value.Workers);
        var scanner = ScanAsync(stoppingToken);
        var running = new ConcurrentDictionary<Task, byte>();

        // Stopping takes no new work at once, but deliveries in flight may finish for DrainTimeout:
        // a delivery cut off mid-transaction would be sent again at the next start (a duplicate).
        using var deliveries = new CancellationTokenSource();
        using var drain = stoppingToken.Register(() => deliveries.CancelAfter(options.Value.DrainTimeout));
        try
        {
            await foreach (var id in queue.Ready.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!_inFlight.TryAdd(id, 0))
                {
                    // Woken while its attempt still runs (the attempt may just have set its next time): look again at the next scan.
                    _due.TryAdd(id, clock.GetUtcNow());
                    continue;
                }

                await workers.WaitAsync(stoppingToken).ConfigureAwait(false);
                var task = Task.Run(() => ProcessAsync(id, deliveries.Token), CancellationToken.None);
                running[task] = 0;
                _ = task.ContinueWith(
                    t =>
                    {
                        _inFlight.TryRemove(id, out _);
                        running.TryRemove(t, out _);
                        workers.Release();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        if (!running.IsEmpty)
        {
            QueueLog.Draining(logger, running.Count, options.Value.DrainTimeout);
        }

        await Task.WhenAll(running.Keys).ConfigureAwait(false);
        await scanner.ConfigureAwait(false);
    }

    private async Task ScanAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScanInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                foreach (var (id, due) in _due)
                {
                    if (due <= now && _due.TryRemove(id, out _))
                    {
                        queue.Wake(id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ProcessAsync(string id, CancellationToken stoppingToken)
    {
        string? file = null;
        try
        {
            if ((file = spool.Activate(id)) is null)
            {
                return;
            }

            if (await attempt.RunAsync(id, file, stoppingToken).ConfigureAwait(false) is { } due)
            {
                _due[id] = due;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            QueueLog.ProcessingFailed(logger, id, e);
            var retry = clock.GetUtcNow() + options.Value.MinimalBackoff;
            _due[id] = file is null ? retry : attempt.Defer(id, file, Spool.StateOf(file), retry);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the message stays in active and is delivered again at the next start.
        }
    }
}
