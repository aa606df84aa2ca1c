namespace StrictMail.Relay.Queue;

/// <summary>Where the queue's default spool lives; not bound from configuration: the composition root copies Relay:StateDirectory in.</summary>
internal sealed class QueueStateOptions
{
    /// <summary>The relay's state directory; the spool is its queue/ unless Relay:Queue:Directory names another.</summary>
    public string StateDirectory { get; set; } = string.Empty;
}
