using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>A key of a Secret in the policy's namespace that holds PEM CA certificates.</summary>
public sealed class TrustAnchorsSpec
{
    /// <summary>The Secret's name, in the policy's namespace.</summary>
    [Required]
    [JsonPropertyName("secretName")]
    public string SecretName { get; set; } = string.Empty;

    /// <summary>The key in the Secret whose value is one or more PEM certificates.</summary>
    [Required]
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;
}
