using StrictMail.Policy.Document;

namespace StrictMail.Policy.Lookup;

/// <summary>The policy that governs a recipient domain, and the key that selected it.</summary>
/// <param name="Policy">The governing policy.</param>
/// <param name="Key">The matching key: the exact domain, a ".suffix", "*", or <see cref="PolicyIndex.BuiltInKey"/>.</param>
public readonly record struct PolicyMatch(CompiledPolicy Policy, string Key);
