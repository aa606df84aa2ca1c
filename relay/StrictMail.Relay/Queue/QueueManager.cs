using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue.Bounces;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Queue;

/// <summary>
/// The scheduler (Postfix's qmgr): recovers the spool at start (active messages are delivered
/// again), takes ready messages off the wake-up channel, delivers each through the delivery engine
/// per recipient domain, and then deletes, defers (with backoff) or bounces. At most Workers
/// messages at once; the engine limits each destination.
/// </summary>
internal sealed class QueueManager(
    QueueLayout layout,
    SpoolQueue queue,
    QueueCensus census,
    DeliveryEngine engine,
    PolicyStore policies,
    RelayMetrics metrics,
    IOptions<QueueOptions> options,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<QueueManager> logger) : BackgroundService
{
    private static readonly TimeSpan NoPolicyRetry = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates and recovers the spool before the host starts anything that accepts mail.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        layout.Create();
        Recover();
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

    /// <summary>Brings the spool to a known state after a start or a crash.</summary>
    private void Recover()
    {
        var parts = 0;
        foreach (var part in Directory.EnumerateFiles(layout.Incoming, ".*.part"))
        {
            // Never acknowledged with 250: the client still has the message and will send it again.
            File.Delete(part);
            parts++;
        }

        var active = 0;
        foreach (var file in Directory.EnumerateFiles(layout.Active).Where(QueueLayout.IsMessage))
        {
            MoveWithState(file, layout.Incoming);
            active++;
        }

        var incoming = 0;
        foreach (var file in Directory.EnumerateFiles(layout.Incoming).Where(QueueLayout.IsMessage))
        {
            var id = Path.GetFileName(file);
            census.Add(id, QueueIds.ReceivedOf(id) ?? clock.GetUtcNow(), QueueState.Incoming);
            queue.Wake(id);
            incoming++;
        }

        var deferred = 0;
        foreach (var file in Directory.EnumerateFiles(layout.Deferred).Where(QueueLayout.IsMessage))
        {
            var id = Path.GetFileName(file);
            census.Add(id, QueueIds.ReceivedOf(id) ?? clock.GetUtcNow(), QueueState.Deferred);
            _due[id] = DeliveryStateFile.TryRead(QueueLayout.StateOf(file))?.NextAttempt ?? clock.GetUtcNow();
            deferred++;
        }

        foreach (var file in Directory.EnumerateFiles(layout.Corrupt).Where(QueueLayout.IsMessage))
        {
            var id = Path.GetFileName(file);
            census.Add(id, QueueIds.ReceivedOf(id) ?? clock.GetUtcNow(), QueueState.Corrupt);
        }

        foreach (var directory in layout.All)
        {
            DirectorySync.Fsync(directory);
        }

        QueueLog.Recovered(logger, incoming, active, deferred, parts);
    }

    private async Task ProcessAsync(string id, CancellationToken stoppingToken)
    {
        var source = new[] { layout.Incoming, layout.Deferred }.Select(d => Path.Combine(d, id)).FirstOrDefault(File.Exists);
        if (source is null)
        {
            return;
        }

        // Not fsynced: after a crash the message is in incoming (or deferred) or in active, and recovery
        // delivers it from either, so this move needs no durability (at-least-once either way); it
        // saves two directory fsyncs per message on the hot path.
        MoveWithState(source, layout.Active, durable: false);
        census.Move(id, QueueState.Active);
        var file = Path.Combine(layout.Active, id);
        try
        {
            await DeliverAsync(id, file, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            QueueLog.ProcessingFailed(logger, id, e);
            Defer(id, file, DeliveryStateFile.TryRead(QueueLayout.StateOf(file)), clock.GetUtcNow() + options.Value.MinimalBackoff);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the message stays in active and is delivered again at the next start.
        }
    }

    private async Task DeliverAsync(string id, string file, CancellationToken stoppingToken)
    {
        var bytes = await File.ReadAllBytesAsync(file, stoppingToken).ConfigureAwait(false);
        if (QueueFileFormat.TryRead(bytes, out var problem) is not { } message)
        {
            MoveWithState(file, layout.Corrupt);
            census.Move(id, QueueState.Corrupt);
            QueueLog.Corrupt(logger, id, problem!);
            return;
        }

        var now = clock.GetUtcNow();
        var state = DeliveryStateFile.TryRead(QueueLayout.StateOf(file)) ?? DeliveryState.Initial(message, now);
        if (policies.Current is not { } snapshot)
        {
            QueueLog.NoPolicy(logger, id);
            Defer(id, file, state, now + NoPolicyRetry);
            return;
        }

        var attempts = await Task.WhenAll(state.Pending
            .GroupBy(Domain, StringComparer.OrdinalIgnoreCase)
            .Select(async group =>
            {
                var match = snapshot.Index.Find(group.Key);
                var request = new DeliveryRequest(message.Envelope.Sender, group.ToArray(), group.Key, message.Body);
                var outcome = await engine.DeliverAsync(request, match.Policy, stoppingToken).ConfigureAwait(false);
                var bounceAfter = match.Policy.BounceAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                return outcome.Recipients.Select(r => new RecipientAttempt(r, match.Policy.Name, bounceAfter));
            })).ConfigureAwait(false);

        var decision = AttemptPlanner.Decide(message, state, attempts.SelectMany(a => a).ToArray(), clock.GetUtcNow(), options.Value);
        if (decision.Bounces.Count > 0)
        {
            await BounceAsync(message, decision.Bounces, stoppingToken).ConfigureAwait(false);
        }

        if (decision.Next is { } next)
        {
            Defer(id, file, next, next.NextAttempt);
            return;
        }

        File.Delete(QueueLayout.StateOf(file));
        File.Delete(file);
        DirectorySync.Fsync(layout.Active);
        census.Remove(id);
        QueueLog.Finished(logger, id);
    }

    private async Task BounceAsync(QueuedMessage message, IReadOnlyList<BouncedRecipient> bounces, CancellationToken cancellation)
    {
        foreach (var bounce in bounces)
        {
            metrics.Bounce(bounce.Policy, bounce.Reason);
        }

        if (message.Envelope.Sender.Length == 0)
        {
            QueueLog.BounceOfBounceDropped(logger, message.Id, bounces.Count);
            return;
        }

        var host = string.IsNullOrEmpty(delivery.Value.HeloName) ? System.Net.Dns.GetHostName() : delivery.Value.HeloName;
        var dsn = BounceBuilder.Build(message, bounces, host, clock.GetUtcNow());
        var envelope = new Envelope(string.Empty, [message.Envelope.Sender], "127.0.0.1", host, null, false);

        // The bounce is durable before the original lets go of these recipients; a crash in between
        // sends it twice rather than never.
        await using var incoming = await queue.BeginAsync(envelope, cancellation).ConfigureAwait(false);
        await incoming.WriteAsync(dsn, cancellation).ConfigureAwait(false);
        var bounceId = await incoming.CommitAsync(cancellation).ConfigureAwait(false);
        QueueLog.BounceQueued(logger, bounceId, message.Id, message.Envelope.Sender, bounces.Count);
    }

    private void Defer(string id, string file, DeliveryState? state, DateTimeOffset next)
    {
        if (state is not null)
        {
            DeliveryStateFile.Write(QueueLayout.StateOf(file), state with { NextAttempt = next });
            QueueLog.Deferred(logger, id, state.Pending.Count, state.Attempts, next);
        }

        MoveWithState(file, layout.Deferred);
        census.Move(id, QueueState.Deferred);
        _due[id] = next;
    }

    /// <summary>
    /// Moves a message file and its state file (state first, so a message never outruns its state) and,
    /// when <paramref name="durable"/>, fsyncs both directories.
    /// </summary>
    private static void MoveWithState(string file, string toDirectory, bool durable = true)
    {
        var from = Path.GetDirectoryName(file)!;
        var target = Path.Combine(toDirectory, Path.GetFileName(file));
        var state = QueueLayout.StateOf(file);
        if (File.Exists(state))
        {
            File.Move(state, QueueLayout.StateOf(target), overwrite: true);
        }

        File.Move(file, target, overwrite: true);
        if (durable)
        {
            DirectorySync.Fsync(toDirectory);
            DirectorySync.Fsync(from);
        }
    }

    private static string Domain(string recipient) => recipient[(recipient.LastIndexOf('@') + 1)..].ToLowerInvariant();
}
