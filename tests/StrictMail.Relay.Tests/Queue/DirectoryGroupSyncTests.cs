using System.Collections.Concurrent;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Queue;

public sealed class DirectoryGroupSyncTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SyncAsync_CallsDuringAnFsync_WaitForTheNextOneAndShareIt()
    {
        var started = new BlockingCollection<SemaphoreSlim>();
        var sync = new DirectoryGroupSync("/spool/incoming", _ =>
        {
            var release = new SemaphoreSlim(0);
            started.Add(release);
            release.Wait(Within);
        });

        var first = sync.SyncAsync();
        Assert.True(started.TryTake(out var firstFsync, Within));
        var second = sync.SyncAsync();
        var third = sync.SyncAsync();
        firstFsync.Release();
        await first.WaitAsync(Within);

        // The running fsync may have started before their renames: they must not complete with it.
        Assert.False(second.IsCompleted);
        Assert.True(started.TryTake(out var secondFsync, Within));
        Assert.False(second.IsCompleted || third.IsCompleted);
        secondFsync.Release();
        await Task.WhenAll(second, third).WaitAsync(Within);
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public async Task SyncAsync_NoFsyncRunning_StartsOneAtOnce()
    {
        var calls = 0;
        var sync = new DirectoryGroupSync("/spool/incoming", _ => Interlocked.Increment(ref calls));

        await sync.SyncAsync().WaitAsync(Within);
        await sync.SyncAsync().WaitAsync(Within);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task SyncAsync_FsyncFails_FailsItsCallersOnlyAndTheNextRoundWorks()
    {
        var fail = true;
        var sync = new DirectoryGroupSync("/spool/incoming", path =>
        {
            if (fail)
            {
                fail = false;
                throw new IOException($"fsync of directory {path} failed (errno 5)");
            }
        });

        var error = await Assert.ThrowsAsync<IOException>(() => sync.SyncAsync().WaitAsync(Within));
        await sync.SyncAsync().WaitAsync(Within);

        Assert.Contains("errno 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_ManyConcurrentCallers_FewerFsyncsThanCallersAndAllComplete()
    {
        var sync = new DirectoryGroupSync("/spool/incoming", _ => Thread.Sleep(20));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(sync.SyncAsync))).WaitAsync(Within);

        Assert.InRange(sync.Syncs, 1, 49);
    }
}
