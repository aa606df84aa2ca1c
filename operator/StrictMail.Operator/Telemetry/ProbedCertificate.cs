namespace StrictMail.Operator.Telemetry;

/// <summary>A certificate read by the MX probe: one series of the certificate expiry gauge.</summary>
/// <param name="Policy">"namespace/name" of the policy probed.</param>
/// <param name="Mx">The MX host name.</param>
/// <param name="NotAfter">When the certificate expires (UTC).</param>
internal sealed record ProbedCertificate(string Policy, string Mx, DateTime NotAfter);
