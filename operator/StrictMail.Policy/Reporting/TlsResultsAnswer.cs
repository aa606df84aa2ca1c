using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>The body of a relay's GET /tlsrpt/results/{day}: what that relay recorded on that UTC day.</summary>
/// <param name="Day">The day asked for.</param>
/// <param name="Entries">Its results by domain and policy; empty when nothing was recorded.</param>
public sealed record TlsResultsAnswer(
    [property: JsonPropertyName("day")] DateOnly Day,
    [property: JsonPropertyName("entries")] IReadOnlyList<TlsReportEntry> Entries);
