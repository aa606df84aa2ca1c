using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>A relay's answer to POST /tlsrpt/reports.</summary>
/// <param name="Accepted">Reports new to the relay, now in its outbox on its volume.</param>
/// <param name="Known">Reports it already had (sent or waiting): not sent twice.</param>
public sealed record TlsHandoffAnswer(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("known")] int Known);
