using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// What a reused connection must share with the new message: every input of the decision that
/// approved the session. The address and MX name it was opened to; the same policy object (a
/// reloaded policy is a new object, so a changed mode, TLS floor or continuity setting never rides
/// on a session approved under the old one); and the same certificate expectation (level, names,
/// pins, trust anchors). Under Secure without matchNames the names are the recipient domain's, so a
/// session verified for one domain never carries mail for another; under Verify, Fingerprint or
/// Secure with matchNames the names do not depend on the domain, and domains sharing an MX share
/// its sessions. And the MTA-STS mode that governed the host with the audit it asked for: a session opened under
/// testing (audited, counted) or enforce is not reused for a domain without a policy, nor the other way round, and an
/// unaudited session never carries mail whose policy wants the audit. And whether the message asked for REQUIRETLS,
/// which turns off the policy's Testing leniency: a session let through under Testing never carries such a message.
/// </summary>
internal sealed record SessionKey(IPEndPoint Endpoint, string MxHost, CompiledPolicy Policy, CertificateExpectation Certificate, StsMode? Sts = null, CertificateExpectation? StsAudit = null, bool RequireTls = false)
{
    public bool Equals(SessionKey? other) =>
        other is not null && Endpoint.Equals(other.Endpoint) && string.Equals(MxHost, other.MxHost, StringComparison.OrdinalIgnoreCase)
        && ReferenceEquals(Policy, other.Policy) && Certificate.Equals(other.Certificate) && Sts == other.Sts && Equals(StsAudit, other.StsAudit)
        && RequireTls == other.RequireTls;

    public override int GetHashCode() =>
        HashCode.Combine(Endpoint, StringComparer.OrdinalIgnoreCase.GetHashCode(MxHost), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Policy), Certificate, Sts, StsAudit, RequireTls);
}
