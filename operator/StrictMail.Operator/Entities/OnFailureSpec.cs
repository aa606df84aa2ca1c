using System.Text.Json.Serialization;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Entities;

/// <summary>What the relay does with a message whose delivery the policy refused.</summary>
public sealed class OnFailureSpec
{
    /// <summary>Defer (default): keep it queued and retry; Bounce: return it to the sender at once.</summary>
    [WireEnum(typeof(FailureAction))]
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>With Defer: how long to keep retrying before bouncing, e.g. "24h", "90m", "2d"; default the relay's maximum queue lifetime.</summary>
    [JsonPropertyName("bounceAfter")]
    public string? BounceAfter { get; set; }
}
