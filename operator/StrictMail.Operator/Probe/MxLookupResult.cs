namespace StrictMail.Operator.Probe;

/// <summary>A domain's MX hosts in preference order, or why there are none to probe.</summary>
/// <param name="Hosts">The hosts to probe.</param>
/// <param name="Error">Why the lookup gave no host (NXDOMAIN, null MX, SERVFAIL, no answer), or null.</param>
internal sealed record MxLookupResult(IReadOnlyList<MxHost> Hosts, string? Error = null);
