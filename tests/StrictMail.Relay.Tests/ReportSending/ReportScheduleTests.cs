using StrictMail.Policy.Reporting;
using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Tests.ReportSending;

public sealed class ReportScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    private static readonly OutboxItem Item = new(new DailyTlsReport("id", new DateOnly(2026, 12, 3), "partner.test", []), Now, Now, 0, null, null);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 120)]
    [InlineData(1.0, 240)]
    [InlineData(7.0, 240)]
    public void FirstDue_FractionOfTheWindow_ThatFarIn(double fraction, int minutes)
    {
        Assert.Equal(Now.AddMinutes(minutes), ReportSchedule.FirstDue(Now, TimeSpan.FromHours(4), fraction));
    }

    [Fact]
    public void AfterFailure_RepeatedFailures_BackoffDoublesUpToTheMaximum()
    {
        var item = Item;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            item = ReportSchedule.AfterFailure(item, Now, TimeSpan.FromDays(1));
            waits.Add(item.Due - Now);
        }

        Assert.Equal([5, 10, 20, 40, 80, 120, 120], waits.Select(w => (int)w.TotalMinutes));
        Assert.Null(item.Outcome);
        Assert.Equal(7, item.Attempts);
    }

    [Fact]
    public void AfterFailure_PastGiveUp_Expired()
    {
        var item = ReportSchedule.AfterFailure(Item, Now.AddHours(24), TimeSpan.FromHours(24));

        Assert.Equal(TlsReportOutcome.Expired, item.Outcome);
    }
}
