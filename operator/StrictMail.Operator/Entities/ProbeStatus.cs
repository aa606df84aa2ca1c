using System.Text.Json.Serialization;

namespace StrictMail.Operator.Entities;

/// <summary>The result of the operator's latest probe of a policy's MX hosts.</summary>
public sealed class ProbeStatus
{
    /// <summary>When the probe ran.</summary>
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    /// <summary>One entry per MX host probed.</summary>
    [JsonPropertyName("mx")]
    public List<MxProbe>? Mx { get; set; }
}
