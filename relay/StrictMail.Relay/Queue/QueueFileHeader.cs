namespace StrictMail.Relay.Queue;

/// <summary>The JSON line at the top of a queue file.</summary>
/// <param name="Id">The queue id.</param>
/// <param name="Received">When the message was accepted.</param>
/// <param name="Envelope">Its envelope.</param>
internal sealed record QueueFileHeader(string Id, DateTimeOffset Received, Envelope Envelope);
