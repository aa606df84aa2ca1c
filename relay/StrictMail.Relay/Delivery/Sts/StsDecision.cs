using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// The one place MTA-STS (RFC 8461 4, 5) changes the plan for an MX host, after <see cref="DaneDecision"/>: DANE wins
/// wherever it decided (usable TLSA, a refused host, level DaneOnly). Mode enforce raises a level below Fingerprint to
/// Verify (a trusted chain and the MX host name; Fingerprint, Secure and DaneOnly keep their own stronger checks) and
/// refuses an MX host that matches none of the policy's mx patterns, as a poisoned MX answer would give. Mode testing
/// changes nothing but counts the same shortfalls as allowed (RFC 8461 5: report, don't block), and so does the
/// TlsPolicy's own mode Testing under an enforced policy. Pure.
/// </summary>
internal static class StsDecision
{
    /// <summary>Whether MTA-STS is looked up for deliveries under <paramref name="policy"/>: discover.mtaSts, routed by MX (no nextHop), not DaneOnly.</summary>
    public static bool Applies(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.DiscoverMtaSts && policy.NextHop is null && policy.Level != TlsLevel.DaneOnly;
    }

    /// <param name="plan">The host's plan after DANE.</param>
    /// <param name="policy">The governing TlsPolicy.</param>
    /// <param name="sts">The domain's MTA-STS policy in force, or null.</param>
    /// <param name="mxHost">The MX host name the relay is about to dial.</param>
    public static HostPlan Apply(HostPlan plan, CompiledPolicy policy, StsCachedPolicy? sts, string mxHost)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(mxHost);
        if (sts is null || !Applies(policy) || plan.Dane is not null || plan.RefusalType is not null)
        {
            return plan;
        }

        var mode = sts.Policy.Mode == StsMode.Enforce ? "enforce" : "testing";
        var pattern = StsMxPattern.FirstMatch(sts.Policy.MxPatterns, mxHost);
        var rule = new StsHostRule(sts.Policy.Mode, sts.Id, pattern);
        if (pattern is null)
        {
            var detail = $"{mxHost} matches none of the mx patterns ({string.Join(", ", sts.Policy.MxPatterns)}) of {sts.Domain}'s MTA-STS policy {sts.Id} ({mode}): a poisoned MX answer, or an MX the domain has not listed";
            var blocked = rule.Enforced && policy.Mode != PolicyMode.Testing;
            return plan with { RefusalType = DowngradeResultType.ValidationFailure, Detail = detail, Blocked = blocked, Temporary = false, Sts = rule };
        }

        if (!rule.Enforced)
        {
            return plan with { Detail = $"{plan.Detail}; MTA-STS policy {sts.Id} (testing) matched {pattern}: shortfalls are counted, not blocked", Sts = rule };
        }

        var level = plan.Level < TlsLevel.Fingerprint ? TlsLevel.Verify : plan.Level;
        return plan with { Level = level, Detail = $"{plan.Detail}; MTA-STS policy {sts.Id} (enforce) matched {pattern}: TLS with a trusted certificate for {mxHost} is required", Sts = rule };
    }

    /// <summary>Whether an enforced policy raised the level above the TlsPolicy's own (the deliveries' level label MtaSts).</summary>
    public static bool Raised(HostPlan plan, CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        return plan.Sts is { Enforced: true, Pattern: not null } && plan.Level > policy.Level;
    }
}
