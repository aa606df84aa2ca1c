using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// Idle SMTP sessions kept for the next message with an equal <see cref="SessionKey"/>, so a burst of
/// mail to one partner pays for one TCP and TLS handshake, not one per message. Bounded by
/// configuration, not by history: at most MaxIdleConnections sessions (the least recently used
/// goes first), each for at most ConnectionIdleTimeout, and a key without idle sessions is forgotten
/// (so it no longer pins the policy document it was opened under).
/// </summary>
internal sealed class ConnectionPool(IOptions<DeliveryOptions> options, TimeProvider clock) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionKey, Stack<SmtpConnection>> _idle = [];
    private int _count;

    /// <summary>Idle sessions held now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Keys with at least one idle session now.</summary>
    public int KeyCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>An idle, still-connected session for <paramref name="key"/>, or null.</summary>
    public async ValueTask<SmtpConnection?> TakeAsync(SessionKey key)
    {
        while (Pop(key) is { } connection)
        {
            if (IsFresh(connection))
            {
                return connection;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Keeps a session that just carried a message, unless it is worn out; over the bound, the least recently used session is closed.</summary>
    public async ValueTask ReturnAsync(SmtpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.LastUsed = clock.GetUtcNow();
        if (!connection.Client.IsConnected || connection.Messages >= options.Value.MaxMessagesPerConnection || options.Value.MaxIdleConnections == 0)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        SmtpConnection? evicted = null;
        lock (_gate)
        {
            if (!_idle.TryGetValue(connection.Key, out var stack))
            {
                _idle[connection.Key] = stack = new Stack<SmtpConnection>();
            }

            stack.Push(connection);
            _count++;
            if (_count > options.Value.MaxIdleConnections)
            {
                evicted = RemoveLeastRecentlyUsed();
            }
        }

        if (evicted is not null)
        {
            await evicted.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes sessions idle for longer than the idle timeout and forgets keys left without any.</summary>
    public async ValueTask PruneAsync()
    {
        var stale = new List<SmtpConnection>();
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, stack) in _idle.ToList())
            {
                // One judgement per session: a session crossing the limit between two looks would be kept and closed.
                var fresh = stack.ToLookup(c => IsFresh(c, now));
                var keep = fresh[true].Reverse().ToList();
                stale.AddRange(fresh[false]);
                _count -= stack.Count - keep.Count;
                if (keep.Count == 0)
                {
                    _idle.Remove(key);
                }
                else
                {
                    _idle[key] = new Stack<SmtpConnection>(keep);
                }
            }
        }

        foreach (var connection in stale)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<SmtpConnection> all;
        lock (_gate)
        {
            all = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
            _count = 0;
        }

        foreach (var connection in all)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private SmtpConnection? Pop(SessionKey key)
    {
        lock (_gate)
        {
            if (!_idle.TryGetValue(key, out var stack) || !stack.TryPop(out var connection))
            {
                return null;
            }

            _count--;
            if (stack.Count == 0)
            {
                _idle.Remove(key);
            }

            return connection;
        }
    }

    // Called under the lock. The bottom of each stack is its least recently used session.
    private SmtpConnection RemoveLeastRecentlyUsed()
    {
        var (key, stack) = _idle.MinBy(pair => pair.Value.Last().LastUsed);
        var items = stack.ToList();
        var oldest = items[^1];
        items.RemoveAt(items.Count - 1);
        _count--;
        if (items.Count == 0)
        {
            _idle.Remove(key);
        }
        else
        {
            items.Reverse();
            _idle[key] = new Stack<SmtpConnection>(items);
        }

        return oldest;
    }

    private bool IsFresh(SmtpConnection connection) => IsFresh(connection, clock.GetUtcNow());

    private bool IsFresh(SmtpConnection connection, DateTimeOffset now) =>
        connection.Client.IsConnected && now - connection.LastUsed < options.Value.ConnectionIdleTimeout;
}
