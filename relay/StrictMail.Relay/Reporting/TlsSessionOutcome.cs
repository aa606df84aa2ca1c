namespace StrictMail.Relay.Reporting;

/// <summary>One new TLS negotiation (or the refusal to try one) for a TLS report (RFC 8460 4.3).</summary>
/// <param name="PolicyDomain">The recipient domain whose policy applied.</param>
/// <param name="Policy">That policy.</param>
/// <param name="MxHost">The MX host name; null for a failure before any MX (a policy fetch).</param>
/// <param name="ReceivingIp">The address connected to, when there was one.</param>
/// <param name="ResultType">The RFC 8460 result type of a failure; null for a successful session.</param>
internal sealed record TlsSessionOutcome(string PolicyDomain, TlsReportPolicy Policy, string? MxHost, string? ReceivingIp, string? ResultType);
