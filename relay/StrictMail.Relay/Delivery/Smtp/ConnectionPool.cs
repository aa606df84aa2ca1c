using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// Idle SMTP sessions kept for the next message to the same (address, MX name, policy, level),
/// so a burst of mail to one partner pays for one TCP and TLS handshake, not one per message.
/// </summary>
internal sealed class ConnectionPool(IOptions<DeliveryOptions> options, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SessionKey, ConcurrentStack<SmtpConnection>> _idle = new();

    /// <summary>An idle, still-connected session for <paramref name="key"/>, or null.</summary>
    public async ValueTask<SmtpConnection?> TakeAsync(SessionKey key)
    {
        if (!_idle.TryGetValue(key, out var stack))
        {
            return null;
        }

        while (stack.TryPop(out var connection))
        {
            if (IsFresh(connection))
            {
                return connection;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Keeps a session that just carried a message, unless it is worn out.</summary>
    public async ValueTask ReturnAsync(SmtpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.LastUsed = clock.GetUtcNow();
        if (!connection.Client.IsConnected || connection.Messages >= options.Value.MaxMessagesPerConnection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _idle.GetOrAdd(connection.Key, _ => new ConcurrentStack<SmtpConnection>()).Push(connection);
    }

    /// <summary>Closes sessions idle for longer than the idle timeout.</summary>
    public async ValueTask PruneAsync()
    {
        foreach (var stack in _idle.Values)
        {
            var keep = new List<SmtpConnection>();
            while (stack.TryPop(out var connection))
            {
                if (IsFresh(connection))
                {
                    keep.Add(connection);
                }
                else
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            foreach (var connection in keep)
            {
                stack.Push(connection);
            }
        }
    }

    private bool IsFresh(SmtpConnection connection) =>
        connection.Client.IsConnected && clock.GetUtcNow() - connection.LastUsed < options.Value.ConnectionIdleTimeout;

    public async ValueTask DisposeAsync()
    {
        foreach (var stack in _idle.Values)
        {
            while (stack.TryPop(out var connection))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
