namespace StrictMail.Relay.Queue;

/// <summary>Where a queued message is: the state label of strictmail.relay.queue.messages.</summary>
internal enum QueueState
{
    Incoming,
    Active,
    Deferred,
    Corrupt,
}
