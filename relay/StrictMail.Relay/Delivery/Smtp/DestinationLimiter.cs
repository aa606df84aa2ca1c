using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>At most N simultaneous sessions per destination, so one slow partner cannot take every worker and no MX is flooded.</summary>
internal sealed class DestinationLimiter(IOptions<DeliveryOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot for <paramref name="destination"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string destination, CancellationToken cancellation)
    {
        var slots = _slots.GetOrAdd(destination, _ => new SemaphoreSlim(options.Value.MaxConcurrencyPerDestination));
        await slots.WaitAsync(cancellation).ConfigureAwait(false);
        return new Release(slots);
    }

    /// <summary>Sessions in use for <paramref name="destination"/> now.</summary>
    public int InUse(string destination) =>
        _slots.TryGetValue(destination, out var slots) ? options.Value.MaxConcurrencyPerDestination - slots.CurrentCount : 0;

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
