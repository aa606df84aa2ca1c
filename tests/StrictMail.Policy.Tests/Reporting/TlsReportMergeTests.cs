using StrictMail.Policy.Reporting;

namespace StrictMail.Policy.Tests.Reporting;

public sealed class TlsReportMergeTests
{
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public void Merge_TwoRelaysSameDomainAndPolicy_OneReportWithSummedCounts()
    {
        IReadOnlyList<TlsReportEntry> first =
            [new("partner.test", "sts", ["version: STSv1", "mode: enforce"], ["mx1.partner.test"], 5, [new("certificate-expired", "mx1.partner.test", "127.0.0.9", 2)])];
        IReadOnlyList<TlsReportEntry> second =
            [new("Partner.Test.", "sts", ["version: STSv1", "mode: enforce"], ["mx2.partner.test", "MX1.partner.test"], 3, [new("certificate-expired", "mx1.partner.test", "127.0.0.9", 1), new("starttls-not-supported", "mx2.partner.test", "127.0.0.8", 4)])];

        var report = Assert.Single(TlsReportMerge.Merge(Day, "relay.example", [first, second]));

        Assert.Equal(("partner.test", "2026-12-03_partner.test@relay.example"), (report.Domain, report.ReportId));
        var entry = Assert.Single(report.Entries);
        Assert.Equal((8L, 7L), (entry.Successes, entry.FailureCount));
        Assert.Equal(["mx1.partner.test", "mx2.partner.test"], entry.MxHosts);
        Assert.Equal(
            [("certificate-expired", 3L), ("starttls-not-supported", 4L)],
            entry.Failures.Select(f => (f.ResultType, f.Count)));
    }

    [Fact]
    public void Merge_DifferentPoliciesAndDomains_OneReportPerDomainOneResultPerPolicy()
    {
        IReadOnlyList<TlsReportEntry> relay =
        [
            new("b.test", "no-policy-found", [], ["mx.b.test"], 1, []),
            new("a.test", "sts", ["id 1"], ["mx.a.test"], 1, []),
            new("a.test", "sts", ["id 2"], ["mx.a.test"], 2, []),
            new("a.test", "tlsa", ["3 1 1 00"], ["mx.a.test"], 4, []),
        ];

        var reports = TlsReportMerge.Merge(Day, "relay.example", [relay]);

        Assert.Equal(["a.test", "b.test"], reports.Select(r => r.Domain));
        Assert.Equal([("sts", 1L), ("sts", 2L), ("tlsa", 4L)], reports[0].Entries.Select(e => (e.PolicyType, e.Successes)));
    }

    [Fact]
    public void Merge_MoreFailureRowsThanTheBound_RestFoldedIntoOneRowPerResultType()
    {
        IReadOnlyList<TlsReportEntry> relay =
            [new("a.test", "sts", [], [], 0, [.. Enumerable.Range(0, TlsReportMerge.MaxRows + 5).Select(i => new TlsFailureCount("validation-failure", $"mx{i:D3}.a.test", "127.0.0.1", 1))])];

        var entry = Assert.Single(Assert.Single(TlsReportMerge.Merge(Day, "relay.example", [relay])).Entries);

        Assert.Equal(TlsReportMerge.MaxRows + 1, entry.Failures.Count);
        Assert.Equal(TlsReportMerge.MaxRows + 5, entry.FailureCount);
        Assert.Contains(entry.Failures, f => f.MxHost is null && f.Count == 5);
    }

    [Fact]
    public void Merge_RelaysInEitherOrder_SameReports()
    {
        IReadOnlyList<TlsReportEntry> first = [new("a.test", "sts", [], ["mx1.a.test"], 1, [new("validation-failure", "mx1.a.test", "127.0.0.1", 1)])];
        IReadOnlyList<TlsReportEntry> second = [new("a.test", "sts", [], ["mx2.a.test"], 2, [new("validation-failure", "mx2.a.test", "127.0.0.2", 1)])];

        var one = TlsReportMerge.Merge(Day, "relay.example", [first, second]).Single().Entries.Single();
        var other = TlsReportMerge.Merge(Day, "relay.example", [second, first]).Single().Entries.Single();

        Assert.Equal(one.Successes, other.Successes);
        Assert.Equal(one.MxHosts, other.MxHosts);
        Assert.Equal(one.Failures, other.Failures);
    }

    [Fact]
    public void Merge_NoRelays_NoReports()
    {
        Assert.Empty(TlsReportMerge.Merge(Day, "relay.example", []));
    }
}
