using StrictMail.Policy.Reporting;

namespace StrictMail.Relay.Reporting;

/// <summary>One RFC 8460 report: one policy domain, one UTC day, every policy result the fleet recorded for it.</summary>
/// <param name="OrganizationName">organization-name: who reports.</param>
/// <param name="ContactInfo">contact-info: where to ask about the report.</param>
/// <param name="ReportId">report-id: unique per report.</param>
/// <param name="Day">The UTC day covered (date-range).</param>
/// <param name="PolicyDomain">The recipient domain the report is about.</param>
/// <param name="Entries">The policy results for <paramref name="PolicyDomain"/> on that day.</param>
internal sealed record TlsReportDocument(string OrganizationName, string ContactInfo, string ReportId, DateOnly Day, string PolicyDomain, IReadOnlyList<TlsReportEntry> Entries)
{
    public DateTimeOffset Start => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last second of the day, as RFC 8460's example writes it.</summary>
    public DateTimeOffset End => Start.AddDays(1).AddSeconds(-1);
}
