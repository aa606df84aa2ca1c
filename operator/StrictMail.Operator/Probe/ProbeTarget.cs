using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Probe;

/// <summary>A policy the probe visits and the domains whose MX hosts it probes.</summary>
/// <param name="Key">"namespace/name".</param>
/// <param name="Policy">The policy as cached.</param>
/// <param name="Domains">Its exact domains to probe, lower case.</param>
internal sealed record ProbeTarget(string Key, TlsPolicy Policy, IReadOnlyList<string> Domains)
{
    /// <summary>The policy's metadata.generation: a new one (new domains, perhaps) is probed at once.</summary>
    public long Generation => Policy.Metadata?.Generation ?? 0;
}
