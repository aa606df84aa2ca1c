namespace StrictMail.Relay.ReportSending;

/// <summary>When a report in the outbox is tried: first at a random moment within the send window, then with backoff until it is given up. Pure.</summary>
internal static class ReportSchedule
{
    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(2);

    /// <param name="now">When the report was accepted.</param>
    /// <param name="window">The send window.</param>
    /// <param name="fraction">Where in the window, from 0 to 1 (random in production).</param>
    public static DateTimeOffset FirstDue(DateTimeOffset now, TimeSpan window, double fraction) =>
        now + TimeSpan.FromTicks((long)(Math.Clamp(fraction, 0, 1) * Math.Max(0, window.Ticks)));

    /// <summary>The item after a try that left destinations unserved: due again after the backoff, or expired.</summary>
    public static OutboxItem AfterFailure(OutboxItem item, DateTimeOffset now, TimeSpan giveUpAfter)
    {
        ArgumentNullException.ThrowIfNull(item);
        var attempts = item.Attempts + 1;
        if (now - item.Accepted >= giveUpAfter)
        {
            return item with { Attempts = attempts, Outcome = TlsReportOutcome.Expired };
        }

        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempts - 1, 10)));
        return item with { Attempts = attempts, Due = now + backoff };
    }
}
