using StrictMail.Policy.Reporting;
using StrictMail.Relay.Reporting;

namespace StrictMail.Relay.Tests.Reporting;

public sealed class TlsReportStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly TlsReportPolicy Sts = new(TlsReportPolicy.Sts, ["version: STSv1", "mode: enforce", "mx: mx.partner.test", "max_age: 86400"]);
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-tlsrpt-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public void Record_SuccessesAndFailures_AggregatedPerDomainPolicyAndRow()
    {
        var store = new TlsReportStore(_state.FullName, Now);

        store.Record(Outcome(null), Now);
        store.Record(Outcome(null), Now);
        store.Record(Outcome("starttls-not-supported"), Now);
        store.Record(Outcome("starttls-not-supported"), Now);
        store.Record(Outcome("certificate-expired", ip: "127.0.0.9"), Now);
        store.Record(new TlsSessionOutcome("Other.Test.", TlsReportPolicy.None, "mx.other.test", "127.0.0.8", null), Now);

        var entries = store.Day(Today);
        Assert.Equal(["other.test", "partner.test"], entries.Select(e => e.Domain));
        var partner = entries[1];
        Assert.Equal((TlsReportPolicy.Sts, 2L, 3L), (partner.PolicyType, partner.Successes, partner.FailureCount));
        Assert.Equal(Sts.Strings, partner.PolicyStrings);
        Assert.Equal(["mx.partner.test"], partner.MxHosts);
        Assert.Equal(
            [new TlsFailureCount("certificate-expired", "mx.partner.test", "127.0.0.9", 1), new TlsFailureCount("starttls-not-supported", "mx.partner.test", "127.0.0.5", 2)],
            partner.Failures);
    }

    [Fact]
    public void Flush_ThenANewInstance_TheDaySurvivesARestart()
    {
        var store = new TlsReportStore(_state.FullName, Now);
        store.Record(Outcome(null), Now);
        store.Record(Outcome("validation-failure"), Now);

        store.Flush(Now);
        var restarted = new TlsReportStore(_state.FullName, Now.AddMinutes(1));
        restarted.Record(Outcome(null), Now.AddMinutes(1));

        var partner = Assert.Single(restarted.Day(Today));
        Assert.Equal((2L, 1L), (partner.Successes, partner.FailureCount));
        Assert.True(File.Exists(Path.Combine(_state.FullName, TlsReportStore.FolderName, "2026-12-04.json")));
    }

    [Fact]
    public void Record_AroundMidnightUtc_TwoDays()
    {
        var store = new TlsReportStore(_state.FullName, Now);
        var midnight = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

        store.Record(Outcome(null), midnight.AddTicks(-1));
        store.Record(Outcome(null), midnight);

        Assert.Equal(1, Assert.Single(store.Day(Today)).Successes);
        Assert.Equal(1, Assert.Single(store.Day(Today.AddDays(1))).Successes);
    }

    [Fact]
    public void Flush_DaysOlderThanTheRetention_Forgotten()
    {
        var store = new TlsReportStore(_state.FullName, Now);
        store.Record(Outcome(null), Now);
        store.Flush(Now);

        var later = Now.AddDays(TlsReportStore.RetainDays);
        store.Flush(later);

        Assert.Empty(store.Day(Today));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_state.FullName, TlsReportStore.FolderName)));
    }

    [Fact]
    public void Record_ManyReceivingAddresses_RowsBoundedAndTheRestFolded()
    {
        var store = new TlsReportStore(_state.FullName, Now);

        for (var i = 0; i < TlsReportStore.MaxRowsPerEntry + 50; i++)
        {
            store.Record(Outcome("certificate-expired", ip: $"10.0.{i / 250}.{i % 250}"), Now);
        }

        var partner = Assert.Single(store.Day(Today));
        Assert.Equal(TlsReportStore.MaxRowsPerEntry + 1, partner.Failures.Count);
        Assert.Equal(50, partner.Failures.Single(f => f.MxHost is null).Count);
        Assert.Equal(TlsReportStore.MaxRowsPerEntry + 50, partner.FailureCount);
    }

    [Fact]
    public void Flush_VolumeUnwritable_KeptInMemoryAndWrittenOnceItIsBack()
    {
        var blocked = Path.Combine(_state.FullName, "state");
        File.WriteAllText(blocked, string.Empty);
        var store = new TlsReportStore(blocked, Now);
        store.Record(Outcome(null), Now);

        store.Flush(Now);
        Assert.NotNull(store.SaveProblem);
        Assert.Equal(1, Assert.Single(store.Day(Today)).Successes);

        File.Delete(blocked);
        store.Flush(Now);
        Assert.Null(store.SaveProblem);
        Assert.Equal(1, Assert.Single(new TlsReportStore(blocked, Now).Day(Today)).Successes);
    }

    [Fact]
    public void New_UnreadableDayFile_ThatDayStartsEmptySayingWhy()
    {
        Directory.CreateDirectory(Path.Combine(_state.FullName, TlsReportStore.FolderName));
        File.WriteAllText(Path.Combine(_state.FullName, TlsReportStore.FolderName, "2026-12-04.json"), "{ broken");

        var store = new TlsReportStore(_state.FullName, Now);

        Assert.Empty(store.Day(Today));
        Assert.Contains("2026-12-04.json", store.LoadProblem, StringComparison.Ordinal);
    }

    private static TlsSessionOutcome Outcome(string? resultType, string ip = "127.0.0.5") =>
        new("partner.test", Sts, "mx.partner.test", ip, resultType);
}
