using System.Collections.Concurrent;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Queue;

/// <summary>Which messages are queued, in which state, since when: read by the queue gauges at scrape time.</summary>
internal sealed class QueueCensus : IQueueGauges
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Received, QueueState State)> _messages = new(StringComparer.Ordinal);

    public void Add(string id, DateTimeOffset received, QueueState state) => _messages[id] = (received, state);

    public void Move(string id, QueueState state)
    {
        if (_messages.TryGetValue(id, out var entry))
        {
            _messages[id] = (entry.Received, state);
        }
    }

    public void Remove(string id) => _messages.TryRemove(id, out _);

    /// <summary>How many messages are in each state.</summary>
    public IReadOnlyDictionary<QueueState, int> Counts()
    {
        var counts = Enum.GetValues<QueueState>().ToDictionary(s => s, _ => 0);
        foreach (var entry in _messages.Values)
        {
            counts[entry.State]++;
        }

        return counts;
    }

    public IEnumerable<KeyValuePair<string, int>> CountsByState() =>
        Counts().Select(c => new KeyValuePair<string, int>(c.Key.ToString().ToLowerInvariant(), c.Value));

    /// <summary>The arrival time of the oldest message still to be delivered, or null when none is.</summary>
    public DateTimeOffset? OldestPending() =>
        _messages.Values.Where(e => e.State != QueueState.Corrupt).Select(e => (DateTimeOffset?)e.Received).Min();
}
