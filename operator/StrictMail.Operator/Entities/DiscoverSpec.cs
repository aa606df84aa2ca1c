using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>Which published policies of the recipient domain will raise the level (planned: no relay reads them yet).</summary>
public sealed class DiscoverSpec
{
    /// <summary>Use DNSSEC-validated TLSA records (RFC 7672); default true. Must stay true at level DaneOnly.</summary>
    [JsonPropertyName("dane")]
    public bool? Dane { get; set; }

    /// <summary>Use the domain's MTA-STS policy (RFC 8461); default true. Enforce raises the level to Verify and pins the MX set; testing counts.</summary>
    [JsonPropertyName("mtaSts")]
    public bool? MtaSts { get; set; }
}
