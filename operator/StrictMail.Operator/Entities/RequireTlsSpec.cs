using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>How the RFC 8689 REQUIRETLS signals are treated.</summary>
public sealed class RequireTlsSpec
{
    /// <summary>Whether a "TLS-Required: No" header lowers this policy to Opportunistic for that message; default false.</summary>
    [JsonPropertyName("honorTlsRequiredNo")]
    public bool? HonorTlsRequiredNo { get; set; }
}
