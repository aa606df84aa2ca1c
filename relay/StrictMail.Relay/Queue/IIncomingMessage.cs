namespace StrictMail.Relay.Queue;

/// <summary>A message being written to the queue. Disposing it without <see cref="CommitAsync"/> discards it.</summary>
internal interface IIncomingMessage : IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>Appends message bytes (after SMTP dot-unstuffing, with CRLF line ends); throws <see cref="QueueStorageException"/> on a storage failure.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation);

    /// <summary>Makes the message durable (file and directory fsynced) and hands it to delivery; returns its queue id.</summary>
    Task<string> CommitAsync(CancellationToken cancellation);
}
