using System.Collections.Concurrent;
using System.Diagnostics;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;

namespace StrictMail.Operator.Tests.Runtime.Controllers;

/// <summary>
/// A controller that records every call (with its start time), counts overlapping calls, and on request
/// throws a number of times, holds calls for one object until released or cancelled, or asks for a requeue.
/// </summary>
internal sealed class RecordingController : IEntityController<TlsPolicy>
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _reconcileFailures;
    private int _deleteFailures;
    private int _running;
    private int _maxRunning;
    private int _maxPerObject;
    private int _callsNotLeading;

    /// <summary>Every call, in the order they started.</summary>
    public ConcurrentQueue<ControllerCall> Calls { get; } = new();

    /// <summary>Keys of calls whose cancellation token fired while they were held, with the Stopwatch timestamp.</summary>
    public ConcurrentQueue<(string Key, long At)> Cancelled { get; } = new();

    /// <summary>How long each call takes (zero: returns at once).</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>What ReconcileAsync returns for an object.</summary>
    public Func<TlsPolicy, ReconcileResult> Result { get; set; } = _ => ReconcileResult.Done;

    /// <summary>What DeletedAsync returns for an object.</summary>
    public Func<TlsPolicy, ReconcileResult> DeletedResult { get; set; } = _ => ReconcileResult.Done;

    /// <summary>Whether the host's election leads (always, without one); asked at the start of every call.</summary>
    public Func<bool> IsLeading { get; set; } = () => true;

    /// <summary>Calls that started while <see cref="IsLeading"/> was false.</summary>
    public int CallsNotLeading => Volatile.Read(ref _callsNotLeading);

    /// <summary>The most calls that ran at the same time.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>The most calls for one object that ran at the same time.</summary>
    public int MaxPerObject => Volatile.Read(ref _maxPerObject);

    /// <summary>Makes the next <paramref name="count"/> ReconcileAsync calls throw.</summary>
    public void FailReconciles(int count) => Volatile.Write(ref _reconcileFailures, count);

    /// <summary>Makes the next <paramref name="count"/> DeletedAsync calls throw.</summary>
    public void FailDeletes(int count) => Volatile.Write(ref _deleteFailures, count);

    /// <summary>Calls for <paramref name="key"/> wait (until <see cref="Release"/> or their cancellation) before returning.</summary>
    public void Hold(string key) => _holds[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held and future calls for <paramref name="key"/> return.</summary>
    public void Release(string key)
    {
        if (_holds.TryRemove(key, out var hold))
        {
            hold.TrySetResult();
        }
    }

    /// <summary>The calls for <paramref name="key"/>, in order.</summary>
    public IReadOnlyList<ControllerCall> CallsFor(string key, bool deleted = false) =>
        [.. Calls.Where(c => c.Key == key && c.Deleted == deleted)];

    public async Task<ReconcileResult> ReconcileAsync(TlsPolicy entity, CancellationToken cancellation)
    {
        await RunAsync(entity, deleted: false, cancellation);
        if (Interlocked.Decrement(ref _reconcileFailures) >= 0)
        {
            throw new InvalidOperationException("Reconciliation failed on purpose.");
        }

        return Result(entity);
    }

    public async Task<ReconcileResult> DeletedAsync(TlsPolicy entity, CancellationToken cancellation)
    {
        await RunAsync(entity, deleted: true, cancellation);
        if (Interlocked.Decrement(ref _deleteFailures) >= 0)
        {
            throw new InvalidOperationException("Cleanup failed on purpose.");
        }

        return DeletedResult(entity);
    }

    private static string KeyOf(TlsPolicy entity) => $"{entity.Metadata.NamespaceProperty}/{entity.Metadata.Name}";

    private static void RaiseTo(ref int max, int value)
    {
        var seen = Volatile.Read(ref max);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref max, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    private async Task RunAsync(TlsPolicy entity, bool deleted, CancellationToken cancellation)
    {
        var key = KeyOf(entity);
        string? revision = null;
        entity.Metadata.Labels?.TryGetValue("rev", out revision);
        if (!IsLeading())
        {
            Interlocked.Increment(ref _callsNotLeading);
        }

        Calls.Enqueue(new ControllerCall(deleted, key, revision, entity.Spec.Domains.FirstOrDefault(), Stopwatch.GetTimestamp()));
        RaiseTo(ref _maxRunning, Interlocked.Increment(ref _running));
        RaiseTo(ref _maxPerObject, _inFlight.AddOrUpdate(key, 1, (_, n) => n + 1));
        try
        {
            if (Duration > TimeSpan.Zero)
            {
                await Task.Delay(Duration, cancellation);
            }

            if (_holds.TryGetValue(key, out var hold))
            {
                try
                {
                    await hold.Task.WaitAsync(cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    Cancelled.Enqueue((key, Stopwatch.GetTimestamp()));
                    throw;
                }
            }
        }
        finally
        {
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _running);
        }
    }
}
