using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Probe;

/// <summary>What this instance last probed for a policy, and for which generation of it.</summary>
/// <param name="Generation">The policy generation probed.</param>
/// <param name="Status">The result.</param>
internal sealed record ProbeRecord(long Generation, ProbeStatus Status);
