using System.Text.Json.Serialization;
using StrictMail.Policy.Reporting;

namespace StrictMail.Relay.ReportSending;

/// <summary>A report in the relay's outbox and how far its sending got.</summary>
/// <param name="Report">The report.</param>
/// <param name="Accepted">When the operator handed it over.</param>
/// <param name="Due">When it is next tried.</param>
/// <param name="Attempts">Tries so far.</param>
/// <param name="Remaining">The rua destinations ("mailto:..." or an https URL) not yet served; null before the TXT record was read.</param>
/// <param name="Outcome">Null while it is being sent; then sent, no-record, invalid-record or expired (kept, so it is not sent twice).</param>
internal sealed record OutboxItem(
    [property: JsonPropertyName("report")] DailyTlsReport Report,
    [property: JsonPropertyName("accepted")] DateTimeOffset Accepted,
    [property: JsonPropertyName("due")] DateTimeOffset Due,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("remaining")] IReadOnlyList<string>? Remaining,
    [property: JsonPropertyName("outcome")] string? Outcome);
