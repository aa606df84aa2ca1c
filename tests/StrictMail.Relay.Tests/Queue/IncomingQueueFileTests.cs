using System.Text;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Queue;

public sealed class IncomingQueueFileTests : IDisposable
{
    private readonly DirectoryInfo _incoming = Directory.CreateTempSubdirectory("strictmail-incoming-");

    public void Dispose() => _incoming.Delete(recursive: true);

    [Fact]
    public async Task CommitAsync_DirectoryFsyncFails_ThrowsAndLeavesNoFileToDeliver()
    {
        var committed = new List<string>();
        var failingSync = new DirectoryGroupSync(_incoming.FullName, _ => throw new IOException("fsync failed: no space left on device"));
        var file = await Create(failingSync, committed);
        await file.WriteAsync(Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<QueueStorageException>(() => file.CommitAsync(CancellationToken.None));
        await file.DisposeAsync();

        // The client got 451 and will send again: a file left here would be delivered at the next start, a second copy.
        Assert.Contains("no space left", error.Message, StringComparison.Ordinal);
        Assert.Empty(_incoming.GetFiles());
        Assert.Empty(committed);
    }

    [Fact]
    public async Task CommitAsync_FsyncSucceeds_FileUnderItsIdAndAnnounced()
    {
        var committed = new List<string>();
        var file = await Create(new DirectoryGroupSync(_incoming.FullName), committed);
        await file.WriteAsync(Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n"), CancellationToken.None);

        var id = await file.CommitAsync(CancellationToken.None);
        await file.DisposeAsync();

        Assert.Equal([id], _incoming.GetFiles().Select(f => f.Name));
        Assert.Equal([id], committed);
    }

    private async Task<IncomingQueueFile> Create(DirectoryGroupSync sync, List<string> committed)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new QueueFileHeader(QueueIds.New(now), now, new Envelope("app@internal.test", ["alice@partner.test"], "127.0.0.1", "app", null, false));
        return await IncomingQueueFile.CreateAsync(_incoming.FullName, sync, header, committed.Add, CancellationToken.None);
    }
}
