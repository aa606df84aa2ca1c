using StrictMail.Operator.Controller;

namespace StrictMail.Operator.Tests.Controller;

public sealed class ApplyLagTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Applied_AfterSeen_LagSinceFirstSeen()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);

        Assert.Equal(TimeSpan.FromSeconds(7), tracker.Applied("mail/bank", 3, T0.AddSeconds(7)));
    }

    [Fact]
    public void Seen_SameGenerationAgain_ClockKeepsFirstSighting()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);
        tracker.Seen("mail/bank", 3, T0.AddSeconds(4));
        tracker.Seen("mail/bank", 3, T0.AddSeconds(6));

        Assert.Equal(TimeSpan.FromSeconds(10), tracker.Applied("mail/bank", 3, T0.AddSeconds(10)));
    }

    [Fact]
    public void Applied_Twice_ReportedOnlyOnce()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);

        Assert.NotNull(tracker.Applied("mail/bank", 3, T0.AddSeconds(1)));
        Assert.Null(tracker.Applied("mail/bank", 3, T0.AddSeconds(2)));
    }

    [Fact]
    public void Applied_SeenAgainAfterReport_StillNotReportedTwice()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);
        Assert.NotNull(tracker.Applied("mail/bank", 3, T0.AddSeconds(1)));

        tracker.Seen("mail/bank", 3, T0.AddSeconds(5));

        Assert.Null(tracker.Applied("mail/bank", 3, T0.AddSeconds(6)));
    }

    [Fact]
    public void Seen_NewGeneration_RestartsTheClock()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);
        tracker.Seen("mail/bank", 4, T0.AddSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(5), tracker.Applied("mail/bank", 4, T0.AddSeconds(25)));
    }

    [Fact]
    public void Seen_NewGenerationAfterReport_ReportsAgain()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 3, T0);
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.Applied("mail/bank", 3, T0.AddSeconds(1)));

        tracker.Seen("mail/bank", 4, T0.AddSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(2), tracker.Applied("mail/bank", 4, T0.AddSeconds(32)));
    }

    [Fact]
    public void Applied_OlderGenerationThanSeen_Null()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 4, T0);

        Assert.Null(tracker.Applied("mail/bank", 3, T0.AddSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(2), tracker.Applied("mail/bank", 4, T0.AddSeconds(2)));
    }

    [Fact]
    public void Applied_NeverSeen_Null()
    {
        Assert.Null(new ApplyLagTracker().Applied("mail/bank", 1, T0));
    }

    [Fact]
    public void Applied_OtherKey_Independent()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 1, T0);
        tracker.Seen("mail/shop", 1, T0.AddSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(10), tracker.Applied("mail/bank", 1, T0.AddSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(7), tracker.Applied("mail/shop", 1, T0.AddSeconds(10)));
    }

    [Fact]
    public void Applied_KeysAreCaseSensitive()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/Bank", 1, T0);

        Assert.Null(tracker.Applied("mail/bank", 1, T0.AddSeconds(1)));
    }

    [Fact]
    public void Forget_DropsThePolicy()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 1, T0);
        tracker.Forget("mail/bank");

        Assert.Null(tracker.Applied("mail/bank", 1, T0.AddSeconds(1)));
    }

    [Fact]
    public void Forget_ThenSeenAgain_FreshClockAndReport()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 1, T0);
        Assert.NotNull(tracker.Applied("mail/bank", 1, T0.AddSeconds(1)));
        tracker.Forget("mail/bank");
        tracker.Forget("mail/unknown");

        tracker.Seen("mail/bank", 1, T0.AddSeconds(50));

        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Applied("mail/bank", 1, T0.AddSeconds(53)));
    }

    [Fact]
    public async Task Applied_ManyThreadsAtOnce_ExactlyOneReport()
    {
        var tracker = new ApplyLagTracker();
        tracker.Seen("mail/bank", 1, T0);
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return Enumerable.Range(0, 100).Count(_ => tracker.Applied("mail/bank", 1, T0.AddSeconds(1)) is not null);
            }))
            .ToList();
        start.Set();
        var reports = await Task.WhenAll(tasks);

        Assert.Equal(1, reports.Sum());
    }
}
