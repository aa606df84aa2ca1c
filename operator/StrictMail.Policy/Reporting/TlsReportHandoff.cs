using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>The body of a relay's POST /tlsrpt/reports: merged reports the relay is to send (the operator writes it).</summary>
/// <param name="Reports">One per domain and day.</param>
public sealed record TlsReportHandoff([property: JsonPropertyName("reports")] IReadOnlyList<DailyTlsReport> Reports);
