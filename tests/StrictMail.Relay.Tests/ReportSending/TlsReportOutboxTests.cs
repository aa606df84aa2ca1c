using StrictMail.Policy.Reporting;
using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Tests.ReportSending;

public sealed class TlsReportOutboxTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-outbox-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public void Accept_SameReportTwice_KeptOnceAndSurvivesARestart()
    {
        var report = Report("a.test");
        Assert.Equal((1, 0), new TlsReportOutbox(_state.FullName).Accept([report], Now, () => Now));

        var restarted = new TlsReportOutbox(_state.FullName);

        Assert.Equal((0, 1), restarted.Accept([report], Now, () => Now));
        var item = Assert.Single(restarted.All());
        Assert.Equal((report.ReportId, report.Domain, report.Entries.Count), (item.Report.ReportId, item.Report.Domain, item.Report.Entries.Count));
    }

    [Fact]
    public void Due_OnlyUnfinishedAndDue_EarliestFirst()
    {
        var outbox = new TlsReportOutbox(_state.FullName);
        outbox.Accept([Report("late.test")], Now, () => Now.AddHours(1));
        outbox.Accept([Report("early.test")], Now, () => Now.AddMinutes(1));
        outbox.Accept([Report("done.test")], Now, () => Now);
        outbox.Save(outbox.All().Single(i => i.Report.Domain == "done.test") with { Outcome = TlsReportOutcome.Sent });
        var problems = new List<string>();

        Assert.Equal(["early.test", "late.test"], outbox.Due(Now.AddHours(2), problems).Select(i => i.Report.Domain));
        Assert.Empty(outbox.Due(Now, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Due_DamagedFile_SkippedAndNamed()
    {
        new TlsReportOutbox(_state.FullName).Accept([Report("a.test")], Now, () => Now);
        File.WriteAllText(Path.Combine(_state.FullName, "tlsrpt", "outbox", "0123.json"), "{not json");

        // The folder is read when the relay starts.
        var outbox = new TlsReportOutbox(_state.FullName);
        var problems = new List<string>();

        Assert.Single(outbox.Due(Now, problems));
        Assert.Contains("0123.json", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_FinishedAndOld_Deleted()
    {
        var outbox = new TlsReportOutbox(_state.FullName);
        outbox.Accept([Report("a.test"), Report("b.test")], Now, () => Now);
        outbox.Save(outbox.All().Single(i => i.Report.Domain == "a.test") with { Outcome = TlsReportOutcome.Sent });

        outbox.Prune(Now.AddDays(TlsReportOutbox.KeepDays + 2));

        Assert.Equal(["b.test"], outbox.All().Select(i => i.Report.Domain));
    }

    [Fact]
    public void Accept_IdWithPathCharacters_StaysInTheOutbox()
    {
        var outbox = new TlsReportOutbox(_state.FullName);

        outbox.Accept([Report("a.test") with { ReportId = "../../etc/passwd" }], Now, () => Now);

        Assert.Single(Directory.EnumerateFiles(Path.Combine(_state.FullName, "tlsrpt", "outbox")));
        Assert.Empty(Directory.EnumerateFiles(_state.FullName));
    }

    private static DailyTlsReport Report(string domain) =>
        new(TlsReportMerge.ReportId(new DateOnly(2026, 12, 3), domain, "relay.test"), new DateOnly(2026, 12, 3), domain, [new TlsReportEntry(domain, "no-policy-found", [], ["mx." + domain], 3, [])]);
}
