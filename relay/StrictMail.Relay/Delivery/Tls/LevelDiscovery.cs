using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// The effective level for one delivery: the policy's floor, which published policies (DANE TLSA,
/// MTA-STS) may raise but never lower. DANE and MTA-STS discovery plug in here (roadmap item 8);
/// until then the floor is the effective level.
/// </summary>
internal static class LevelDiscovery
{
    /// <summary>The level to enforce for <paramref name="domain"/>.</summary>
    public static ValueTask<TlsLevel> EffectiveLevelAsync(CompiledPolicy policy, string domain, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _ = domain;
        cancellation.ThrowIfCancellationRequested();
        return ValueTask.FromResult(policy.Level);
    }
}
