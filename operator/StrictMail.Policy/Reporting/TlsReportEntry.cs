using System.Text.Json.Serialization;

namespace StrictMail.Policy.Reporting;

/// <summary>
/// One recipient domain and policy on one UTC day, as a relay saw it: what RFC 8460 4.3 calls a policy result. The JSON
/// names are pinned here: the relay writes them (its day files, GET /tlsrpt/results) and the operator reads them.
/// </summary>
/// <param name="Domain">The policy domain (lower case).</param>
/// <param name="PolicyType">sts, tlsa or no-policy-found.</param>
/// <param name="PolicyStrings">The policy as published.</param>
/// <param name="MxHosts">The MX host names sessions were made to (at most a bounded number).</param>
/// <param name="Successes">Successful new TLS sessions.</param>
/// <param name="Failures">Failed ones by result type, MX host and receiving address.</param>
public sealed record TlsReportEntry(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("policyType")] string PolicyType,
    [property: JsonPropertyName("policyStrings")] IReadOnlyList<string> PolicyStrings,
    [property: JsonPropertyName("mxHosts")] IReadOnlyList<string> MxHosts,
    [property: JsonPropertyName("successes")] long Successes,
    [property: JsonPropertyName("failures")] IReadOnlyList<TlsFailureCount> Failures)
{
    [JsonIgnore]
    public long FailureCount => Failures.Sum(f => f.Count);
}
