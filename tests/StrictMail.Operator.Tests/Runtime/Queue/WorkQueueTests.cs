using StrictMail.Operator.Runtime.Queue;

namespace StrictMail.Operator.Tests.Runtime.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Add_SameKeyManyTimes_ProcessedOnce()
    {
        using var queue = New();

        queue.Add("mail/a");
        queue.Add("mail/a");
        queue.Add("mail/b");

        Assert.Equal(2, queue.Count);
        Assert.Equal("mail/a", await queue.TakeAsync(Timeout()));
        Assert.Equal("mail/b", await queue.TakeAsync(Timeout()));
    }

    [Fact]
    public async Task Add_WhileProcessing_NotHandedToASecondWorkerButQueuedAfterDone()
    {
        using var queue = New();
        queue.Add("mail/a");
        var key = await queue.TakeAsync(Timeout());

        queue.Add("mail/a");
        Assert.Equal(0, queue.Count);
        queue.Done(key!);

        Assert.Equal(1, queue.Count);
        Assert.Equal("mail/a", await queue.TakeAsync(Timeout()));
    }

    [Fact]
    public void AddRateLimited_ConsecutiveFailures_DoubleUntilCapThenForgetResets()
    {
        using var queue = New();

        var delays = Enumerable.Range(0, 6).Select(_ => queue.AddRateLimited("mail/a")).ToArray();
        queue.Forget("mail/a");

        Assert.Equal([10, 20, 40, 80, 100, 100], delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("mail/a"));
    }

    [Fact]
    public async Task AddAfter_Delay_ArrivesLater()
    {
        using var queue = New();

        queue.AddAfter("mail/a", TimeSpan.FromMilliseconds(50));

        Assert.Equal(0, queue.Count);
        Assert.Equal("mail/a", await queue.TakeAsync(Timeout()));
    }

    [Fact]
    public async Task ShutDown_WaitingTaker_GetsNull()
    {
        using var queue = New();
        var taker = queue.TakeAsync(Timeout());

        queue.ShutDown();

        Assert.Null(await taker);
    }

    private static WorkQueue<string> New() => new(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

    private static CancellationToken Timeout() => new CancellationTokenSource(Wait).Token;
}
