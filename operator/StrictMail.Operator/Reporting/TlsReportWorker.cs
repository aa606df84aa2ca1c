namespace StrictMail.Operator.Reporting;

/// <summary>Runs a <see cref="TlsReportCycle"/> at start and every interval while this instance leads (local mode always leads).</summary>
internal sealed class TlsReportWorker(TlsReportCycle cycle, Func<CancellationToken, Task<ReportingRelays>> relays, Func<bool> leading, TimeSpan interval, ReportingLog log)
{
    /// <summary>Cycles until cancelled; a failed cycle is logged and the next tick tries again.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (!leading())
                {
                    continue;
                }

                try
                {
                    var fleet = await relays(cancellation).ConfigureAwait(false);
                    await cycle.RunAsync(fleet.Ready, fleet.Expected, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    log.CycleFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
