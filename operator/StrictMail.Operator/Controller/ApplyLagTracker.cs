using System.Collections.Concurrent;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Measures apply lag: from the first reconciliation that saw a policy's generation to the first
/// that found it applied on every ready relay. Reported once per generation.
/// </summary>
internal sealed class ApplyLagTracker
{
    private readonly ConcurrentDictionary<string, (long Generation, DateTimeOffset Seen, bool Reported)> _seen = new(StringComparer.Ordinal);

    /// <summary>Notes that <paramref name="key"/> is at <paramref name="generation"/> (a new generation restarts the clock).</summary>
    public void Seen(string key, long generation, DateTimeOffset now) =>
        _seen.AddOrUpdate(key, _ => (generation, now, false), (_, old) => old.Generation == generation ? old : (generation, now, false));

    /// <summary>The lag, the first time <paramref name="key"/> at <paramref name="generation"/> is found applied; otherwise null.</summary>
    public TimeSpan? Applied(string key, long generation, DateTimeOffset now)
    {
        while (_seen.TryGetValue(key, out var entry))
        {
            if (entry.Generation != generation || entry.Reported)
            {
                return null;
            }

            if (_seen.TryUpdate(key, entry with { Reported = true }, entry))
            {
                return now - entry.Seen;
            }
        }

        return null;
    }

    /// <summary>Drops a deleted policy.</summary>
    public void Forget(string key) => _seen.TryRemove(key, out _);
}
