using System.Globalization;
using StrictMail.Policy.Reporting;

namespace StrictMail.Operator.Reporting;

/// <summary>
/// One round of fleet-wide TLS reporting: for each finished day not yet reported (oldest first), ask every ready relay for
/// its results, and once all answered (or the wait for the missing is over) merge them into one report per domain and hand
/// them to the first relay that takes them; only then is the day marked reported, so a failure anywhere repeats the day
/// (the relay keeps a report id once, so repeating never sends twice).
/// </summary>
internal sealed class TlsReportCycle(RelayReportClient client, IReportingProgress progress, TlsReportingOptions options, TimeProvider clock, ReportingLog log)
{
    /// <summary>Runs until every finished day is reported or one must wait; returns the days handed over.</summary>
    /// <param name="relays">The ready relays' admin URLs, in the order they are offered the reports.</param>
    /// <param name="expected">How many relays there are, ready or not: a relay that is restarting is waited for too.</param>
    /// <param name="cancellation">Stops the cycle.</param>
    public async Task<IReadOnlyList<DateOnly>> RunAsync(IReadOnlyList<Uri> relays, int expected, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(relays);
        var reported = new List<DateOnly>();
        for (var guard = 0; guard <= options.CatchUpDays && relays.Count > 0; guard++)
        {
            var day = ReportingDecision.DayToReport(await progress.ReadAsync(cancellation).ConfigureAwait(false), clock.GetUtcNow(), options.CatchUpDays);
            if (day is not { } next || !await ReportDayAsync(next, relays, Math.Max(expected, relays.Count), cancellation).ConfigureAwait(false))
            {
                break;
            }

            reported.Add(next);
        }

        return reported;
    }

    private async Task<bool> ReportDayAsync(DateOnly day, IReadOnlyList<Uri> relays, int expected, CancellationToken cancellation)
    {
        var text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var results = await Task.WhenAll(relays.Select(relay => client.ResultsAsync(relay, day, cancellation))).ConfigureAwait(false);
        var answered = relays.Zip(results).Where(r => r.Second.Answer is not null).ToList();
        var problems = string.Join("; ", results.Select(r => r.Problem).OfType<string>().Append(expected > relays.Count ? $"{expected - relays.Count} relay pod(s) not ready" : null).OfType<string>());
        var step = ReportingDecision.Step(day, clock.GetUtcNow(), answered.Count, expected, options.WaitForAll);
        if (step == ReportingStep.Wait)
        {
            log.Waiting(text, expected - answered.Count, expected, problems);
            return false;
        }

        if (step == ReportingStep.SendPartial)
        {
            log.Partial(text, expected - answered.Count, problems);
        }

        var reports = TlsReportMerge.Merge(day, options.Submitter, answered.Select(r => r.Second.Answer!.Entries));
        if (reports.Count == 0)
        {
            log.NothingToReport(text);
        }
        else
        {
            string? refusal = null;
            Uri? taker = null;
            foreach (var (relay, _) in answered)
            {
                var (problem, refused) = await client.HandOverAsync(relay, reports, cancellation).ConfigureAwait(false);
                refusal = problem;
                if (problem is null)
                {
                    taker = relay;
                    break;
                }

                if (!refused)
                {
                    // No answer: the relay may have kept them; the next cycle tries it first again (same pod order).
                    break;
                }
            }

            if (taker is null)
            {
                log.HandOverFailed(text, refusal ?? "no relay answered");
                return false;
            }

            log.HandedOver(text, reports.Count, answered.Count, expected, taker);
        }

        await progress.SaveAsync(day, cancellation).ConfigureAwait(false);
        return true;
    }
}
