namespace StrictMail.Relay.Queue;

/// <summary>How far a queued message has got: saved beside it after every attempt that left recipients pending.</summary>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="NextAttempt">When to try again.</param>
/// <param name="Pending">Recipients not yet delivered or bounced.</param>
/// <param name="LastErrors">The latest reason per pending recipient, for the eventual bounce.</param>
internal sealed record DeliveryState(int Attempts, DateTimeOffset NextAttempt, IReadOnlyList<string> Pending, IReadOnlyDictionary<string, string> LastErrors)
{
    public static DeliveryState Initial(QueuedMessage message, DateTimeOffset now) =>
        new(0, now, message.Envelope.Recipients, new Dictionary<string, string>());
}
