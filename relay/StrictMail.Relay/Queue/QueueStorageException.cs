namespace StrictMail.Relay.Queue;

/// <summary>The queue could not store a message durably; inbound answers 451 4.3.0 and the client retries.</summary>
internal sealed class QueueStorageException : IOException
{
    public QueueStorageException()
    {
    }

    public QueueStorageException(string message)
        : base(message)
    {
    }

    public QueueStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
