namespace StrictMail.Relay.Queue;

/// <summary>What an attempt leaves behind: the next state (null when nothing is pending) and the recipients to bounce.</summary>
/// <param name="Next">The state to save, or null when the message is finished.</param>
/// <param name="Bounces">Recipients to report to the sender.</param>
internal sealed record AttemptDecision(DeliveryState? Next, IReadOnlyList<BouncedRecipient> Bounces);
