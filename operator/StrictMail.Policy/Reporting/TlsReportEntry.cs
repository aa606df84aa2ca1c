namespace StrictMail.Policy.Reporting;

/// <summary>One recipient domain and policy on one UTC day, as this relay saw it: what RFC 8460 4.3 calls a policy result.</summary>
/// <param name="Domain">The policy domain (lower case).</param>
/// <param name="PolicyType">sts, tlsa or no-policy-found.</param>
/// <param name="PolicyStrings">The policy as published.</param>
/// <param name="MxHosts">The MX host names sessions were made to (at most a bounded number).</param>
/// <param name="Successes">Successful new TLS sessions.</param>
/// <param name="Failures">Failed ones by result type, MX host and receiving address.</param>
public sealed record TlsReportEntry(string Domain, string PolicyType, IReadOnlyList<string> PolicyStrings, IReadOnlyList<string> MxHosts, long Successes, IReadOnlyList<TlsFailureCount> Failures)
{
    public long FailureCount => Failures.Sum(f => f.Count);
}
