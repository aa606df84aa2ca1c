using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Probe;

/// <summary>
/// Which policies get probed, which of their domains, and when. Pure: accepted policies at a mandatory
/// level (Encrypt or above, where a partner's broken TLS bounces mail) without a nextHop (their mail
/// never goes to the MX hosts), and of those their exact domains: "*" and ".suffix" name no host.
/// </summary>
internal static class ProbeTargets
{
    /// <summary>True for Encrypt, Fingerprint, Verify, Secure and DaneOnly.</summary>
    public static bool Mandatory(string? level) =>
        level is not null
        && Enum.GetNames<TlsLevel>().Contains(level, StringComparer.Ordinal)
        && Enum.Parse<TlsLevel>(level) >= TlsLevel.Encrypt;

    /// <summary>The first <paramref name="max"/> exact domains of <paramref name="spec"/>, lower case, without repeats.</summary>
    public static IReadOnlyList<string> Domains(TlsPolicySpec? spec, int max) =>
        (spec?.Domains ?? [])
            .Select(d => d.Trim().TrimEnd('.').ToLowerInvariant())
            .Where(d => d.Length > 0 && d != "*" && !d.StartsWith('.'))
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();

    /// <summary>The policies to probe among <paramref name="policies"/>, each with its domains.</summary>
    public static IReadOnlyList<ProbeTarget> Select(IEnumerable<TlsPolicy> policies, int maxDomains)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var targets = new List<ProbeTarget>();
        foreach (var policy in policies)
        {
            if (!Mandatory(policy.Spec?.Level)
                || !string.IsNullOrEmpty(policy.Spec?.NextHop)
                || ConditionList.Status(policy.Status?.Conditions, PolicyConditionTypes.Accepted) != true)
            {
                continue;
            }

            var domains = Domains(policy.Spec, maxDomains);
            if (domains.Count > 0)
            {
                targets.Add(new ProbeTarget(policy.Key, policy, domains));
            }
        }

        return targets;
    }

    /// <summary>
    /// True when <paramref name="target"/> should be probed now: this instance never probed its current
    /// generation and the stored probe (a previous leader's, say) is missing or older than
    /// <paramref name="interval"/>, or this instance's own probe of it is that old.
    /// </summary>
    public static bool Due(ProbeTarget target, ProbeRecord? remembered, DateTime now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (remembered is not null)
        {
            return remembered.Generation != target.Generation || Older(remembered.Status.Time, now, interval);
        }

        return Older(target.Policy.Status?.Probe?.Time, now, interval);
    }

    /// <summary>The newer of the stored probe and this instance's own: what the gauge reports.</summary>
    public static ProbeStatus? Latest(ProbeTarget target, ProbeRecord? remembered)
    {
        ArgumentNullException.ThrowIfNull(target);
        var stored = target.Policy.Status?.Probe;
        var own = remembered?.Status;
        if (own?.Time is not { } ownTime)
        {
            return stored ?? own;
        }

        return stored?.Time is { } storedTime && UtcTime.Of(storedTime) > UtcTime.Of(ownTime) ? stored : own;
    }

    private static bool Older(DateTime? time, DateTime now, TimeSpan interval) =>
        time is not { } at || now - UtcTime.Of(at) >= interval;
}
