using System.Net;

namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>
/// Recent AUTH failures per client (its <see cref="ClientKey"/>): a count that starts over after <paramref name="memory"/>
/// without a failure. A success does not clear it: an attacker with one valid account could otherwise log in between
/// guesses and keep every guess at the first delay. At most <paramref name="capacity"/> addresses are remembered; beyond that the one whose
/// last failure is oldest is forgotten, so a spray from many addresses costs bounded memory.
/// </summary>
internal sealed class ClientFailureLedger(TimeSpan memory, int capacity)
{
    private readonly Dictionary<IPAddress, (int Count, TimeSpan Last)> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>Addresses remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>Records a failure from <paramref name="client"/> at <paramref name="now"/> (monotonic time) and returns its recent failures, this one included.</summary>
    public int Failed(IPAddress client, TimeSpan now)
    {
        client = ClientKey.Of(client);
        lock (_gate)
        {
            var count = _failures.TryGetValue(client, out var entry) && now - entry.Last < memory ? entry.Count + 1 : 1;
            if (count == 1 && !_failures.ContainsKey(client) && _failures.Count >= capacity)
            {
                Evict(now);
            }

            _failures[client] = (count, now);
            return count;
        }
    }

    // Drops what is past its memory; if that frees nothing, the address whose last failure is oldest.
    private void Evict(TimeSpan now)
    {
        var expired = _failures.Where(f => now - f.Value.Last >= memory).Select(f => f.Key).ToList();
        foreach (var client in expired)
        {
            _failures.Remove(client);
        }

        if (expired.Count == 0)
        {
            _failures.Remove(_failures.MinBy(f => f.Value.Last).Key);
        }
    }
}
