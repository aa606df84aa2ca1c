using System.Security.Cryptography;

namespace StrictMail.Relay.Queue;

/// <summary>
/// A message being written into incoming/ under a hidden part name. Commit writes the END record,
/// fsyncs the file, renames it to its queue id and fsyncs the directory; only then is it accepted.
/// When that last fsync fails the rename is undone: the client is told 451 and sends again, so
/// this copy must never be delivered.
/// </summary>
internal sealed class IncomingQueueFile : IIncomingMessage
{
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _partPath;
    private readonly string _finalPath;
    private readonly DirectoryGroupSync _directorySync;
    private readonly Action<string> _committed;
    private bool _done;

    private IncomingQueueFile(FileStream stream, string partPath, string finalPath, DirectoryGroupSync directorySync, Action<string> committed)
    {
        _stream = stream;
        _partPath = partPath;
        _finalPath = finalPath;
        _directorySync = directorySync;
        _committed = committed;
    }

    public long Length { get; private set; }

    public string Id => Path.GetFileName(_finalPath);

    /// <summary>Creates the part file and writes the header; <paramref name="committed"/> hears the id once the message is durable.</summary>
    public static async Task<IncomingQueueFile> CreateAsync(string directory, DirectoryGroupSync directorySync, QueueFileHeader header, Action<string> committed, CancellationToken cancellation)
    {
        var part = Path.Combine(directory, $".{header.Id}.part");
        FileStream stream;
        try
        {
            stream = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QueueStorageException($"cannot create a queue file in {directory}: {e.Message}", e);
        }

        var file = new IncomingQueueFile(stream, part, Path.Combine(directory, header.Id), directorySync, committed);
        await file.AppendAsync(QueueFileFormat.Preamble(header), cancellation).ConfigureAwait(false);
        return file;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        await AppendAsync(data, cancellation).ConfigureAwait(false);
        Length += data.Length;
    }

    public async Task<string> CommitAsync(CancellationToken cancellation)
    {
        try
        {
            var trailer = QueueFileFormat.Trailer(Length, _hash.GetHashAndReset());
            await _stream.WriteAsync(trailer, cancellation).ConfigureAwait(false);
            await _stream.FlushAsync(cancellation).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
            await _stream.DisposeAsync().ConfigureAwait(false);
            File.Move(_partPath, _finalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QueueStorageException($"cannot make queue file {_partPath} durable: {e.Message}", e);
        }

        try
        {
            // The rename is durable once an fsync of the directory that started after it is done;
            // concurrent commits share one (group commit). Only then is the message accepted.
            await _directorySync.SyncAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The client gets 451 and sends the message again, so this copy must not be delivered:
            // take it back under its part name, which the dispose below (or the start-up sweep) removes.
            Withdraw();
            throw new QueueStorageException($"cannot make queue file {_finalPath} durable: {e.Message}", e);
        }

        _done = true;
        _committed(Id);
        return Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        if (!_done)
        {
            try
            {
                File.Delete(_partPath);
            }
            catch (IOException)
            {
                // Left for the start-up sweep, which removes every part file: it was never acknowledged.
            }
        }
    }

    private void Withdraw()
    {
        try
        {
            File.Move(_finalPath, _partPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A volume gone read-only refuses the rename too: deleting is the last way to keep the copy from delivery.
            try
            {
                File.Delete(_finalPath);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                throw new QueueStorageException($"queue file {_finalPath} could not be made durable nor withdrawn ({inner.Message}): it may be delivered at the next start although the client was told 451", inner);
            }
        }
    }

    private async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        try
        {
            _hash.AppendData(data.Span);
            await _stream.WriteAsync(data, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new QueueStorageException($"cannot write queue file {_partPath}: {e.Message}", e);
        }
    }
}
