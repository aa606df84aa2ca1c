namespace StrictMail.Relay.Queue;

/// <summary>
/// What inbound SMTP sees of the queue: start a message, stream its bytes, commit. Commit returns
/// only after the file and its directory are on disk; only then may the client hear 250.
/// </summary>
internal interface IMessageQueue
{
    /// <summary>Starts writing a message; throws <see cref="QueueStorageException"/> when the spool cannot be written.</summary>
    Task<IIncomingMessage> BeginAsync(Envelope envelope, CancellationToken cancellation);
}
