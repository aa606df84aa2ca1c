using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>One policy domain's results on one UTC day, merged over the whole fleet: the content of one RFC 8460 report.</summary>
/// <param name="ReportId">The report-id: the same for the same domain, day and submitter, so a report handed over twice is sent once.</param>
/// <param name="Day">The UTC day covered.</param>
/// <param name="Domain">The policy domain (lower case).</param>
/// <param name="Entries">Its policy results, one per policy type and policy strings.</param>
public sealed record DailyTlsReport(
    [property: JsonPropertyName("reportId")] string ReportId,
    [property: JsonPropertyName("day")] DateOnly Day,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("entries")] IReadOnlyList<TlsReportEntry> Entries);
