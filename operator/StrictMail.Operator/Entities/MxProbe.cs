using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>What one MX host offered when probed.</summary>
public sealed class MxProbe
{
    /// <summary>The MX host name.</summary>
    [JsonPropertyName("host")]
    public string Host { get; set; } = string.Empty;

    /// <summary>Whether the host offered STARTTLS.</summary>
    [JsonPropertyName("starttls")]
    public bool? Starttls { get; set; }

    /// <summary>The negotiated TLS version, e.g. TLS1.3.</summary>
    [JsonPropertyName("tlsVersion")]
    public string? TlsVersion { get; set; }

    /// <summary>Whether the certificate passed the policy's check.</summary>
    [JsonPropertyName("verified")]
    public bool? Verified { get; set; }

    /// <summary>When the host's certificate expires.</summary>
    [JsonPropertyName("notAfter")]
    public DateTime? NotAfter { get; set; }

    /// <summary>Why the probe failed, if it did.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
