using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StrictMail.Operator.Runtime.Leadership;
using StrictMail.Operator.Runtime.Queue;
using StrictMail.Operator.Runtime.Watching;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>
/// Runs one <see cref="IEntityController{TEntity}"/> the way KubeOps does, without its known gaps:
/// the watcher feeds a work queue that merges events per object and hands each object to one worker
/// at a time; failures come back with exponential backoff; every object is resynced periodically;
/// and only the leader reconciles: a non-leader drops queued work, cancels reconciliations in flight
/// when it loses the lease, and queues everything again when it gains it.
/// </summary>
/// <typeparam name="TEntity">The reconciled entity.</typeparam>
internal sealed class ControllerHost<TEntity> : IEntityStore<TEntity>, IDisposable
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerOptions _options;
    private readonly LeaderElection? _election;
    private readonly OperatorMetrics? _metrics;
    private readonly ControllerLog _log;
    private readonly WorkQueue<string> _queue;
    private readonly ResourceWatcher<TEntity> _watcher;
    private readonly IEntityController<TEntity> _controller;
    private readonly ConcurrentDictionary<string, TEntity> _tombstones = new(StringComparer.Ordinal);
    private readonly string _name = typeof(TEntity).Name;
    private readonly Lock _termGate = new();
    private CancellationTokenSource _term = new();
    private long _reconciliations;

    /// <param name="client">The API client.</param>
    /// <param name="options">Watch, workers, resync and retry.</param>
    /// <param name="controller">Builds the controller, which may keep the store to read every object.</param>
    /// <param name="election">The leader election that gates reconciliation (null: always reconcile).</param>
    /// <param name="metrics">Where reconciliations are counted (optional).</param>
    /// <param name="log">Log lines (optional).</param>
    /// <param name="watcherLog">The watcher's log lines (optional).</param>
    public ControllerHost(
        IKubernetes client,
        ControllerOptions options,
        Func<IEntityStore<TEntity>, IEntityController<TEntity>> controller,
        LeaderElection? election = null,
        OperatorMetrics? metrics = null,
        ControllerLog? log = null,
        WatcherLog? watcherLog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controller);
        _options = options;
        _election = election;
        _metrics = metrics;
        _log = log ?? new ControllerLog(NullLogger.Instance);
        _queue = new WorkQueue<string>(TimeProvider.System, options.RetryBase, options.RetryMax);
        _watcher = new ResourceWatcher<TEntity>(client, options.Watch, Remember, _queue, watcherLog);
        _controller = controller(this);
        if (_election is not null)
        {
            _election.BecameLeader += OnBecameLeader;
            _election.LostLeadership += OnLostLeadership;
        }
    }

    /// <summary>Completes once the first list of every watched namespace is in the cache.</summary>
    public Task Synced => _watcher.Synced;

    /// <summary>Calls to the controller so far (reconciled or deleted, any result).</summary>
    public long Reconciliations => Interlocked.Read(ref _reconciliations);

    /// <summary>Objects waiting to be reconciled.</summary>
    public int Pending => _queue.Count;

    public IReadOnlyList<TEntity> Items => _watcher.Values();

    public long Version => _watcher.CacheVersion;

    public void RequeueAll()
    {
        foreach (var key in _watcher.Keys().Concat(_tombstones.Keys))
        {
            _queue.Add(key);
        }
    }

    /// <summary>Watches and reconciles until <paramref name="cancellation"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var watching = _watcher.RunAsync(cancellation);
        var workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => WorkAsync(cancellation)).ToList();
        var resync = ResyncAsync(cancellation);
        try
        {
            await Task.WhenAll([watching, resync, .. workers]).ConfigureAwait(false);
        }
        finally
        {
            _queue.ShutDown();
        }
    }

    public void Dispose()
    {
        if (_election is not null)
        {
            _election.BecameLeader -= OnBecameLeader;
            _election.LostLeadership -= OnLostLeadership;
        }

        _queue.Dispose();
        lock (_termGate)
        {
            _term.Dispose();
        }
    }

    private void Remember(WatchEvent<TEntity> change)
    {
        if (change.Type == WatchEventType.Deleted)
        {
            _tombstones[change.Key] = change.Entity;
        }
        else
        {
            _tombstones.TryRemove(change.Key, out _);
        }
    }

    private async Task WorkAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (_election is not null)
                {
                    await _election.WaitForLeadershipAsync(cancellation).ConfigureAwait(false);
                }

                var key = await _queue.TakeAsync(cancellation).ConfigureAwait(false);
                if (key is null)
                {
                    return;
                }

                try
                {
                    // Taken while leading, but the lease may have gone since: then reconcile nothing.
                    if (_election is null || _election.IsLeader)
                    {
                        await ProcessAsync(key, cancellation).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _queue.Done(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(string key, CancellationToken cancellation)
    {
        CancellationToken term;
        lock (_termGate)
        {
            term = _term.Token;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, term);
        var started = Stopwatch.GetTimestamp();
        TEntity? deleted = null;
        Interlocked.Increment(ref _reconciliations);
        try
        {
            ReconcileResult result;
            if (_watcher.TryGet(key, out var entity))
            {
                result = await _controller.ReconcileAsync(entity, linked.Token).ConfigureAwait(false);
            }
            else if (_tombstones.TryRemove(key, out deleted))
            {
                result = await _controller.DeletedAsync(deleted, linked.Token).ConfigureAwait(false);
                if (result.RequeueAfter is not null && !_watcher.TryGet(key, out _))
                {
                    // Asked to look again: the requeued key needs the last known state for the next DeletedAsync.
                    _tombstones.TryAdd(key, deleted);
                }

                deleted = null;
            }
            else
            {
                return;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            _queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                _queue.AddAfter(key, delay);
            }

            _metrics?.Reconciled(_name, result.RequeueAfter is null ? "success" : "requeue", elapsed);
            _log.Reconciled(key, elapsed, result.RequeueAfter);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested || term.IsCancellationRequested)
        {
            // Stopping, or the lease is gone: the next leader reconciles this object.
            if (deleted is not null)
            {
                _tombstones.TryAdd(key, deleted);
            }
        }
#pragma warning disable CA1031 // Any failure is retried with backoff; the worker goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (deleted is not null)
            {
                _tombstones.TryAdd(key, deleted);
            }

            var delay = _queue.AddRateLimited(key);
            _metrics?.Reconciled(_name, "error", Stopwatch.GetElapsedTime(started));
            _log.ReconcileFailed(key, e, delay);
        }
    }

    private async Task ResyncAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                if (_election is null || _election.IsLeader)
                {
                    RequeueAll();
                    _log.Resync(_watcher.Keys().Count);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private void OnBecameLeader()
    {
        lock (_termGate)
        {
            if (_term.IsCancellationRequested)
            {
                _term.Dispose();
                _term = new CancellationTokenSource();
            }
        }

        RequeueAll();
        _log.Leading(_watcher.Keys().Count);
    }

    private void OnLostLeadership()
    {
        lock (_termGate)
        {
            _term.Cancel();
        }

        _log.NotLeading();
    }
}
