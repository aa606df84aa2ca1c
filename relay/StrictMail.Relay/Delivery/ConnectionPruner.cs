using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Smtp;

namespace StrictMail.Relay.Delivery;

/// <summary>Closes idle pooled sessions after their idle timeout, and all of them at shutdown.</summary>
internal sealed class ConnectionPruner(ConnectionPool pool, IOptions<DeliveryOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ConnectionIdleTimeout / 2);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await pool.PruneAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await pool.DisposeAsync().ConfigureAwait(false);
    }
}
