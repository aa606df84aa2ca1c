using StrictMail.Operator.Reporting;

namespace StrictMail.Operator.Tests.Reporting;

public sealed class ReportingDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Yesterday = new(2026, 12, 3);

    [Fact]
    public void DayToReport_NothingReportedYet_Yesterday()
    {
        Assert.Equal(Yesterday, ReportingDecision.DayToReport(null, Now, 6));
    }

    [Fact]
    public void DayToReport_YesterdayReported_Nothing()
    {
        Assert.Null(ReportingDecision.DayToReport(Yesterday, Now, 6));
    }

    [Fact]
    public void DayToReport_TwoDaysBehind_TheOlderDayFirst()
    {
        Assert.Equal(Yesterday.AddDays(-1), ReportingDecision.DayToReport(Yesterday.AddDays(-2), Now, 6));
    }

    [Fact]
    public void DayToReport_FarBehind_NoFurtherBackThanTheCatchUp()
    {
        Assert.Equal(Yesterday.AddDays(-6), ReportingDecision.DayToReport(Yesterday.AddDays(-30), Now, 6));
    }

    [Theory]
    [InlineData(2, 2, 1, nameof(ReportingStep.Send))]
    [InlineData(1, 2, 1, nameof(ReportingStep.Wait))]
    [InlineData(1, 2, 7, nameof(ReportingStep.SendPartial))]
    [InlineData(0, 2, 7, nameof(ReportingStep.Wait))]
    [InlineData(0, 0, 7, nameof(ReportingStep.Wait))]
    public void Step_AnswersAndHoursAfterTheDay_WaitUntilAllOrTheWaitIsOver(int answered, int asked, int hoursAfterDayEnd, string step)
    {
        var expected = Enum.Parse<ReportingStep>(step);
        var now = new DateTimeOffset(Yesterday.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hoursAfterDayEnd);

        Assert.Equal(expected, ReportingDecision.Step(Yesterday, now, answered, asked, TimeSpan.FromHours(6)));
    }
}
