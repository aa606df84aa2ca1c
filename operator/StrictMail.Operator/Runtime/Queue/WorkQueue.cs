namespace StrictMail.Operator.Runtime.Queue;

/// <summary>
/// A work queue in client-go's shape: events for one object merge into one pending item; an object
/// is never handed to two workers at once (an event during processing queues it again once the
/// worker is done); failures come back with per-object exponential backoff.
/// </summary>
/// <typeparam name="TKey">The object key, e.g. "namespace/name".</typeparam>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private bool _shutDown;

    public WorkQueue(TimeProvider clock, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _clock = clock;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <summary>Items waiting (not counting those being processed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already waiting.</summary>
    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
        }

        _available.Release();
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        ITimer? timer = null;
        timer = _clock.CreateTimer(
            _ =>
            {
                Add(key);
                timer?.Dispose();
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Queues <paramref name="key"/> after its backoff: base, doubled per consecutive failure, capped.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }

        var delay = _baseDelay;
        for (var i = 1; i < failures && delay < _maxDelay; i++)
        {
            delay += delay;
        }

        delay = delay < _maxDelay ? delay : _maxDelay;
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears <paramref name="key"/>'s failure count after a success.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>The next key to process; null once the queue is shut down.</summary>
    public async Task<TKey?> TakeAsync(CancellationToken cancellation)
    {
        while (true)
        {
            await _available.WaitAsync(cancellation).ConfigureAwait(false);
            lock (_gate)
            {
                if (_shutDown)
                {
                    return default;
                }

                if (_ready.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Marks <paramref name="key"/> processed; if it changed meanwhile it is queued again.</summary>
    public void Done(TKey key)
    {
        var again = false;
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutDown)
            {
                _ready.Enqueue(key);
                again = true;
            }
        }

        if (again)
        {
            _available.Release();
        }
    }

    /// <summary>Stops handing out work; waiting takers get null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            _shutDown = true;
        }

        _available.Release(int.MaxValue / 2);
    }

    public void Dispose()
    {
        // Shut down first: a delayed AddAfter that fires later then finds the queue closed.
        ShutDown();
        _available.Dispose();
    }
}
