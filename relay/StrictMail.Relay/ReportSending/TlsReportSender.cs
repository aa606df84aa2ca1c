using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.ReportSending;

/// <summary>
/// Sends the reports in the outbox when they fall due: reads the domain's <c>_smtp._tls</c> TXT record, then serves each
/// rua destination (mailto: through the queue, https: by POST). A destination that fails is retried with backoff until
/// Relay:Reporting:GiveUpAfter; one that succeeded is not tried again. Every result is counted and logged.
/// </summary>
internal sealed class TlsReportSender(
    TlsReportOutbox outbox,
    IOptions<ReportSendingOptions> options,
    MxResolver resolver,
    TlsReportMailer mailer,
    TlsReportPoster poster,
    RelayMetrics metrics,
    TimeProvider clock,
    ILogger<TlsReportSender> logger) : BackgroundService
{
    /// <summary>How often the outbox is looked at without a hand-over to wake it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Looks at the outbox now (after a hand-over).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>Tries every report due now, once.</summary>
    public async Task SendDueAsync(CancellationToken cancellation)
    {
        var problems = new List<string>();
        foreach (var item in outbox.Due(clock.GetUtcNow(), problems))
        {
            OutboxItem next;
            try
            {
                next = await SendAsync(item, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                // One bad report (a malformed hand-over) must not hold back the others: it waits its backoff like a failure.
                next = Retry(item, item.Remaining, e.Message);
            }

            try
            {
                outbox.Save(next);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{item.Report.ReportId}: its state cannot be saved ({e.Message}); it is tried again");
            }
        }

        foreach (var problem in problems)
        {
            ReportSendingLog.OutboxProblem(logger, problem);
        }

        outbox.Prune(clock.GetUtcNow());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await SendDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong (a volume gone read-only under Prune, an unexpected answer), the relay keeps
                    // delivering mail; the outbox is on disk and the next round tries again.
                    ReportSendingLog.OutboxProblem(logger, $"a sending round failed: {e.Message}");
                }

                await _wake.WaitAsync(Interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<OutboxItem> SendAsync(OutboxItem item, CancellationToken cancellation)
    {
        var report = item.Report;
        var remaining = item.Remaining;
        if (remaining is null)
        {
            var txt = await resolver.TxtAsync("_smtp._tls." + report.Domain, cancellation).ConfigureAwait(false);
            if (txt is null)
            {
                return Retry(item, null, "the TXT lookup of _smtp._tls." + report.Domain + " failed");
            }

            var (record, problem) = TlsRptRecord.Parse(txt);
            if (record is null)
            {
                var outcome = problem is null ? TlsReportOutcome.NoRecord : TlsReportOutcome.InvalidRecord;
                metrics.TlsReport("none", outcome);
                ReportSendingLog.Finished(logger, report.ReportId, report.Domain, outcome, problem ?? "_smtp._tls." + report.Domain + " has no v=TLSRPTv1 record");
                return item with { Outcome = outcome };
            }

            remaining = [.. record.Mailboxes.Select(m => "mailto:" + m), .. record.Urls.Select(u => u.AbsoluteUri)];
        }

        var settings = options.Value;
        var document = new TlsReportDocument(settings.OrganizationName, settings.ContactInfo, report.ReportId, report.Day, report.Domain, report.Entries);
        var unserved = new List<string>();
        var served = new HashSet<string>(StringComparer.Ordinal);
        string? lastProblem = null;
        foreach (var destination in remaining)
        {
            var (method, problem) = await ServeAsync(destination, document, cancellation).ConfigureAwait(false);
            var result = problem is not null ? TlsReportOutcome.Failed : method == "mailto" ? TlsReportOutcome.Queued : TlsReportOutcome.Sent;
            metrics.TlsReport(method, result);
            if (problem is null)
            {
                ReportSendingLog.Destination(logger, report.ReportId, report.Domain, destination, result);

                // On the volume at once: a crash after this must not send the same report to this destination again.
                outbox.Save(item with { Remaining = [.. remaining.Where(d => d != destination && !served.Contains(d))] });
                served.Add(destination);
            }
            else
            {
                unserved.Add(destination);
                lastProblem = problem;
            }
        }

        if (unserved.Count == 0)
        {
            ReportSendingLog.Finished(logger, report.ReportId, report.Domain, TlsReportOutcome.Sent, $"{remaining.Count} destination(s)");
            return item with { Remaining = [], Outcome = TlsReportOutcome.Sent, Attempts = item.Attempts + 1 };
        }

        return Retry(item with { Remaining = unserved }, unserved, lastProblem!);
    }

    private static string MethodOf(string destination) =>
        destination.StartsWith("mailto:", StringComparison.Ordinal) ? "mailto" : destination.StartsWith("https:", StringComparison.Ordinal) ? "https" : "none";

    private async Task<(string Method, string? Problem)> ServeAsync(string destination, TlsReportDocument document, CancellationToken cancellation)
    {
        if (MethodOf(destination) == "mailto")
        {
            try
            {
                await mailer.QueueAsync(document, destination["mailto:".Length..], cancellation).ConfigureAwait(false);
                return ("mailto", null);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                // A spool that cannot be written, or a mailbox MimeKit refuses: this destination failed, the others go on.
                return ("mailto", e.Message);
            }
        }

        return ("https", await poster.PostAsync(new Uri(destination), document, cancellation).ConfigureAwait(false));
    }

    // unserved: the destinations still to serve; null when the TXT record could not be read.
    private OutboxItem Retry(OutboxItem item, IReadOnlyList<string>? unserved, string reason)
    {
        var next = ReportSchedule.AfterFailure(item, clock.GetUtcNow(), options.Value.GiveUpAfter);
        var destinations = unserved is null ? "_smtp._tls." + item.Report.Domain : string.Join(", ", unserved);
        if (next.Outcome == TlsReportOutcome.Expired)
        {
            foreach (var destination in unserved ?? ["none"])
            {
                metrics.TlsReport(MethodOf(destination), TlsReportOutcome.Expired);
            }

            ReportSendingLog.Expired(logger, item.Report.ReportId, item.Report.Domain, next.Attempts, destinations);
        }
        else
        {
            ReportSendingLog.Failed(logger, item.Report.ReportId, item.Report.Domain, destinations, next.Due, reason);
        }

        return next;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
