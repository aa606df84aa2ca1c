using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>Failed sessions of one kind (RFC 8460 4.3 failure-details).</summary>
/// <param name="ResultType">The RFC 8460 result type.</param>
/// <param name="MxHost">The receiving MX host name, or null (a policy fetch failure; or the overflow row of an entry at its bound).</param>
/// <param name="ReceivingIp">The receiving address, or null.</param>
/// <param name="Count">How many sessions.</param>
public sealed record TlsFailureCount(
    [property: JsonPropertyName("resultType")] string ResultType,
    [property: JsonPropertyName("mxHost")] string? MxHost,
    [property: JsonPropertyName("receivingIp")] string? ReceivingIp,
    [property: JsonPropertyName("count")] long Count);
