using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// What the sender's own word does to the plan for an MX host (RFC 8689), after DANE and MTA-STS. REQUIRETLS wins over
/// everything: a level below Fingerprint becomes Verify unless DANE authenticates the host, nothing is let through as
/// Testing, and (checked on the session) the next hop must offer REQUIRETLS itself. "TLS-Required: No", where the
/// policy's requireTls.honorTlsRequiredNo allows it and REQUIRETLS was not asked for, lowers the host to Opportunistic
/// and sets DANE and MTA-STS aside (RFC 8689 5). Pure.
/// </summary>
internal static class RequireTlsDecision
{
    /// <summary>The header by which a sender waives TLS (RFC 8689 5).</summary>
    public const string TlsRequiredHeader = "TLS-Required";

    public static HostPlan Apply(HostPlan plan, CompiledPolicy policy, bool requireTls, bool tlsRequiredNo)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        if (requireTls)
        {
            var level = plan.Dane is not null || plan.Level >= TlsLevel.Fingerprint ? plan.Level : TlsLevel.Verify;
            return plan with
            {
                Level = level,
                Blocked = plan.Blocked || plan.RefusalType is not null,
                Detail = $"{plan.Detail}; REQUIRETLS: verified TLS to a next hop that offers REQUIRETLS",
            };
        }

        return tlsRequiredNo && policy.HonorTlsRequiredNo
            ? new HostPlan(TlsLevel.Opportunistic, null, null, "TLS-Required: No, which the policy honours (requireTls.honorTlsRequiredNo): opportunistic TLS, DANE and MTA-STS set aside")
            : plan;
    }
}
