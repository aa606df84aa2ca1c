using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.Reporting;

/// <summary>Writes the day's TLS results to the volume every <see cref="Interval"/> and once more at stop.</summary>
internal sealed class TlsReportFlusher(TlsReportStore store, TimeProvider clock, ILogger<TlsReportFlusher> logger) : BackgroundService
{
    /// <summary>How often the results are written (what a kill -9 can lose).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        FlushAndReport();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
                FlushAndReport();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void FlushAndReport()
    {
        store.Flush(clock.GetUtcNow());
        if (store.SaveProblem is { } problem)
        {
            ReportingLog.SaveFailed(logger, problem);
        }
    }
}
