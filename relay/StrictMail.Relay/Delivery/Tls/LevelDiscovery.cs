using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// The domain-wide level for one delivery: the policy's floor, which a published MTA-STS policy will raise but never
/// lower (planned). DANE is per MX host and is decided in <see cref="DaneDecision"/>, on top of this level.
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
