using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>Relay pods that should run a policy, and those that report its revision as applied.</summary>
public sealed class RelayCounts
{
    /// <summary>Ready relay pods.</summary>
    [JsonPropertyName("desired")]
    public int Desired { get; set; }

    /// <summary>Ready relay pods whose applied revision carries the policy.</summary>
    [JsonPropertyName("applied")]
    public int Applied { get; set; }
}
