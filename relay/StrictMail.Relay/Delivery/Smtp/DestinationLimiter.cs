using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// At most N simultaneous sessions per destination, so one slow partner cannot take every worker and
/// no MX is flooded. A destination is held only while some delivery uses or waits for it, so the
/// table stays as small as the deliveries in flight, whatever the number of domains ever seen.
/// </summary>
internal sealed class DestinationLimiter(IOptions<DeliveryOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slots> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Destinations held now (used or waited for).</summary>
    public int DestinationCount
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Waits for a slot for <paramref name="destination"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string destination, CancellationToken cancellation)
    {
        Slots slots;
        lock (_gate)
        {
            if (!_slots.TryGetValue(destination, out slots!))
            {
                _slots[destination] = slots = new Slots(new SemaphoreSlim(options.Value.MaxConcurrencyPerDestination));
            }

            slots.Holders++;
        }

        try
        {
            await slots.Semaphore.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            Leave(destination, slots, release: false);
            throw;
        }

        return new Release(this, destination, slots);
    }

    /// <summary>Sessions in use for <paramref name="destination"/> now.</summary>
    public int InUse(string destination)
    {
        lock (_gate)
        {
            return _slots.TryGetValue(destination, out var slots) ? options.Value.MaxConcurrencyPerDestination - slots.Semaphore.CurrentCount : 0;
        }
    }

    private void Leave(string destination, Slots slots, bool release)
    {
        lock (_gate)
        {
            if (release)
            {
                slots.Semaphore.Release();
            }

            if (--slots.Holders == 0)
            {
                _slots.Remove(destination);
                slots.Semaphore.Dispose();
            }
        }
    }

    private sealed class Slots(SemaphoreSlim semaphore)
    {
        public SemaphoreSlim Semaphore { get; } = semaphore;

        /// <summary>Deliveries using or waiting for this destination; guarded by the limiter's lock.</summary>
        public int Holders { get; set; }
    }

    private sealed class Release(DestinationLimiter limiter, string destination, Slots slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Leave(destination, slots, release: true);
            }
        }
    }
}
