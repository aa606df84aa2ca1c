using System.Globalization;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Reporting;

namespace StrictMail.Relay.Delivery;

/// <summary>The policy a host's session is reported under (RFC 8460 4.3): tlsa where DANE decided, sts where an MTA-STS policy applied, else no-policy-found. Pure.</summary>
internal static class TlsReportPolicies
{
    public static TlsReportPolicy For(HostPlan plan, StsCachedPolicy? sts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Dane is { } dane)
        {
            return new TlsReportPolicy(TlsReportPolicy.Tlsa, [.. dane.Records.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Usage} {r.Selector} {r.MatchingType} {Convert.ToHexStringLower(r.Data.Span)}"))]);
        }

        return plan.Sts is not null && sts is not null ? ForSts(sts) : TlsReportPolicy.None;
    }

    /// <summary>The MTA-STS policy's lines as published (version, mode, mx, max_age).</summary>
    public static TlsReportPolicy ForSts(StsCachedPolicy sts)
    {
        ArgumentNullException.ThrowIfNull(sts);
        var mode = sts.Policy.Mode.ToString().ToLowerInvariant();
        return new TlsReportPolicy(
            TlsReportPolicy.Sts,
            ["version: STSv1", $"mode: {mode}", .. sts.Policy.MxPatterns.Select(p => $"mx: {p}"), string.Create(CultureInfo.InvariantCulture, $"max_age: {(long)sts.Policy.MaxAge.TotalSeconds}")]);
    }
}
