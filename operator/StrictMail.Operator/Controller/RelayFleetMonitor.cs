using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Reads the relay fleet periodically while leading and queues every policy when the reading
/// changes (a relay pod became ready or unready, came or went, or applied a revision), so
/// `status.relays` stays true even when every policy is already Ready and nothing requeues itself.
/// </summary>
internal sealed class RelayFleetMonitor(RelayFleet fleet, Func<bool> leading, TimeSpan interval)
{
    /// <summary>Polls until cancelled; a failed reading is retried at the next tick.</summary>
    public async Task RunAsync(IEntityStore<TlsPolicy> store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var seen = fleet.Changes;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                if (!leading())
                {
                    continue;
                }

                try
                {
                    await fleet.ReadAsync(cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TimeoutException)
                {
                    continue;
                }

                var changes = fleet.Changes;
                if (changes != seen)
                {
                    seen = changes;
                    store.RequeueAll();
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
