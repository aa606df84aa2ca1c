namespace StrictMail.Policy.Reporting;

/// <summary>
/// Merges the results several relays recorded on one UTC day into one report per policy domain (RFC 8460 wants one per
/// domain and day from a sender, not one per relay): sessions are summed per policy type and strings, MX hosts are joined,
/// failures are summed per result type, MX host and receiving address. Bounded like each relay's record:
/// <see cref="MaxRows"/> MX hosts and failure rows per policy result, the rest folded into one row without host and
/// address. Pure and order-independent.
/// </summary>
public static class TlsReportMerge
{
    public const int MaxRows = TlsFailureRows.MaxRows;

    /// <param name="day">The UTC day.</param>
    /// <param name="submitter">Who sends the reports (the reporting domain), part of each report id.</param>
    /// <param name="relays">Each relay's entries for that day.</param>
    public static IReadOnlyList<DailyTlsReport> Merge(DateOnly day, string submitter, IEnumerable<IReadOnlyList<TlsReportEntry>> relays)
    {
        ArgumentException.ThrowIfNullOrEmpty(submitter);
        ArgumentNullException.ThrowIfNull(relays);
        var byDomain = relays.SelectMany(entries => entries)
            .GroupBy(e => e.Domain.TrimEnd('.').ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        return [.. byDomain.Select(domain => new DailyTlsReport(ReportId(day, domain.Key, submitter), day, domain.Key, MergeDomain(domain.Key, domain)))];
    }

    /// <summary>The report-id RFC 8460 4.4 asks to be unique: day, domain and submitter.</summary>
    public static string ReportId(DateOnly day, string domain, string submitter) =>
        $"{day:yyyy-MM-dd}_{domain}@{submitter}".Replace('!', '_');

    private static List<TlsReportEntry> MergeDomain(string domain, IEnumerable<TlsReportEntry> entries) =>
        [.. entries
            .GroupBy(e => e.PolicyType + "\n" + string.Join("\n", e.PolicyStrings), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => MergePolicy(domain, [.. g]))];

    private static TlsReportEntry MergePolicy(string domain, List<TlsReportEntry> same)
    {
        var hosts = same.SelectMany(e => e.MxHosts).Select(h => h.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxRows);
        // In a fixed order, so which rows fold at the bound does not depend on the order the relays answered.
        var failures = new TlsFailureRows();
        foreach (var failure in same.SelectMany(e => e.Failures).OrderBy(f => f.MxHost is null).ThenBy(f => f.ResultType, StringComparer.Ordinal).ThenBy(f => f.MxHost, StringComparer.Ordinal).ThenBy(f => f.ReceivingIp, StringComparer.Ordinal))
        {
            failures.Add(failure.ResultType, failure.MxHost, failure.ReceivingIp, failure.Count);
        }

        return new TlsReportEntry(
            domain,
            same[0].PolicyType,
            same[0].PolicyStrings,
            [.. hosts],
            same.Sum(e => e.Successes),
            failures.ToList());
    }
}
