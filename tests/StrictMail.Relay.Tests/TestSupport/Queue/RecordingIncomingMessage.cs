using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.TestSupport.Queue;

/// <summary>A message being written to a <see cref="RecordingQueue"/>; it reports itself committed or discarded.</summary>
internal sealed class RecordingIncomingMessage(RecordingQueue queue, Envelope envelope, QueueFailure failure) : IIncomingMessage
{
    private readonly MemoryStream _bytes = new();
    private int _writes;
    private string? _queueId;
    private bool _disposed;

    public long Length => _bytes.Length;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed || _queueId is not null, this);
        _writes++;
        if (failure == QueueFailure.Write)
        {
            throw new QueueStorageException("test: write failed");
        }

        _bytes.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    public Task<string> CommitAsync(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed || _queueId is not null, this);
        if (failure == QueueFailure.Commit)
        {
            throw new QueueStorageException("test: fsync failed");
        }

        _queueId = queue.NextId();
        queue.Record(new RecordedMessage(envelope, _bytes.ToArray(), _writes, _queueId), committed: true);
        return Task.FromResult(_queueId);
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed && _queueId is null)
        {
            queue.Record(new RecordedMessage(envelope, _bytes.ToArray(), _writes, null), committed: false);
        }

        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
