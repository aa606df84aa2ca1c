namespace StrictMail.Operator.Runtime.Watching;

/// <summary>Jittered exponential backoff: min, doubled per attempt, capped at max; each delay is 50-100% of its step.</summary>
internal sealed class WatchBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _step;

    public WatchBackoff(TimeSpan min, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        _min = min;
        _max = max;
        _step = min;
    }

    /// <summary>The next delay; the one after it is twice as long, up to the cap.</summary>
    public TimeSpan Next()
    {
        var step = _step;
        _step = step * 2 < _max ? step * 2 : _max;
#pragma warning disable CA5394 // Jitter, not security.
        var factor = 0.5 + (Random.Shared.NextDouble() / 2);
#pragma warning restore CA5394
        return step * factor;
    }

    /// <summary>Back to the first step after progress.</summary>
    public void Reset() => _step = _min;
}
