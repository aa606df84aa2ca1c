using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery;

/// <summary>How one MX host is to be spoken to once DANE (<see cref="DaneDecision"/>) and MTA-STS (<see cref="StsDecision"/>) have been considered.</summary>
/// <param name="Level">The level the session is opened at (never below the policy's).</param>
/// <param name="Dane">The TLSA records the certificate must match; null when DANE does not apply.</param>
/// <param name="RefusalType">The RFC 8460 result type when the host falls short before connecting; null when it does not.</param>
/// <param name="Detail">For a human: what DANE and MTA-STS decided and why.</param>
/// <param name="Blocked">True when the host must not be used (false: mode Testing goes ahead and counts it as allowed).</param>
/// <param name="Temporary">True when the shortfall is a local or DNS problem (no validating resolver, a failed lookup): retry, never bounce.</param>
internal sealed record HostPlan(TlsLevel Level, DaneExpectation? Dane, string? RefusalType, string Detail, bool Blocked = false, bool Temporary = false)
{
    /// <summary>The domain's MTA-STS policy as it governs this host: enforce raised the level, testing audits it; null when none applies (no policy, or DANE decided).</summary>
    public StsHostRule? Sts { get; init; }
}
