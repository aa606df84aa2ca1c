namespace StrictMail.Relay.Queue;

/// <summary>A message read back from a complete, validated queue file.</summary>
/// <param name="Id">The queue id.</param>
/// <param name="Received">When the relay accepted it.</param>
/// <param name="Envelope">Its envelope.</param>
/// <param name="Body">The message bytes, exactly as received: a range of the queue file.</param>
internal sealed record QueuedMessage(string Id, DateTimeOffset Received, Envelope Envelope, Delivery.MessageContent Body);
