using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>How one MX host is to be spoken to once DANE has been considered.</summary>
/// <param name="Level">The level the session is opened at (never below the policy's).</param>
/// <param name="Dane">The TLSA records the certificate must match; null when DANE does not apply.</param>
/// <param name="RefusalType">The RFC 8460 result type when the host must not be used at all; null to go ahead.</param>
/// <param name="Detail">For a human: what DANE decided and why.</param>
internal sealed record DanePlan(TlsLevel Level, DaneExpectation? Dane, string? RefusalType, string Detail);
