using System.Text.Json.Serialization;
using k8s.Models;

namespace StrictMail.Operator.Entities;

/// <summary>What the operator observed about a TlsPolicy.</summary>
public sealed class TlsPolicyStatus
{
    /// <summary>The metadata.generation this status describes.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Accepted, Applied, Ready, Conflict and CertificateExpiring, in the metav1.Condition shape.</summary>
    [JsonPropertyName("conditions")]
    public List<V1Condition>? Conditions { get; set; }

    /// <summary>How many relays should run this policy and how many have applied it.</summary>
    [JsonPropertyName("relays")]
    public RelayCounts? Relays { get; set; }

    /// <summary>The policy document revision that carries this generation of the policy.</summary>
    [JsonPropertyName("revision")]
    public string? Revision { get; set; }

    /// <summary>The latest probe of the policy's MX hosts (mandatory levels only).</summary>
    [JsonPropertyName("probe")]
    public ProbeStatus? Probe { get; set; }
}
