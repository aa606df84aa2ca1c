namespace StrictMail.Operator.Reporting;

/// <summary>Which finished UTC day is to be reported next, and whether the relays' answers suffice to report it. Pure.</summary>
internal static class ReportingDecision
{
    /// <summary>
    /// The oldest finished day after <paramref name="reportedThrough"/>, no further back than <paramref name="catchUpDays"/>
    /// before yesterday; null when yesterday is reported. A first run (nothing reported) starts with yesterday.
    /// </summary>
    public static DateOnly? DayToReport(DateOnly? reportedThrough, DateTimeOffset now, int catchUpDays)
    {
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        if (reportedThrough is not { } through)
        {
            return yesterday;
        }

        var next = through.AddDays(1);
        var oldest = yesterday.AddDays(-Math.Max(0, catchUpDays));
        return next > yesterday ? null : next < oldest ? oldest : next;
    }

    /// <param name="day">The day being reported.</param>
    /// <param name="now">Now.</param>
    /// <param name="answered">Ready relays that gave their results.</param>
    /// <param name="asked">Ready relays asked.</param>
    /// <param name="waitForAll">How long after the day's end missing relays are waited for.</param>
    public static ReportingStep Step(DateOnly day, DateTimeOffset now, int answered, int asked, TimeSpan waitForAll)
    {
        if (answered == 0)
        {
            return ReportingStep.Wait;
        }

        if (answered >= asked)
        {
            return ReportingStep.Send;
        }

        var dayEnd = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return now - dayEnd >= waitForAll ? ReportingStep.SendPartial : ReportingStep.Wait;
    }
}
