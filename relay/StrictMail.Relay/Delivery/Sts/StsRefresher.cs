using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// Proactive refresh (RFC 8461 10.2): every <see cref="Interval"/> the cached MTA-STS policies that would reach their
/// refresh window before the next round are looked up again (TXT, and a fetch where the id changed or the policy is
/// close to expiry), so a delivery rarely waits on a policy fetch. Failures are kept for the next delivery to count.
/// </summary>
internal sealed class StsRefresher(StsDiscovery discovery, TimeProvider clock, ILogger<StsRefresher> logger) : BackgroundService
{
    /// <summary>How often the cache is scanned.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
                try
                {
                    await discovery.RefreshDueAsync(Interval, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    StsLog.RefreshFailed(logger, e.Message, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
