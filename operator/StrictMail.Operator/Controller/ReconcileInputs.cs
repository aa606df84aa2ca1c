using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>What one reconciliation gathers before it converts.</summary>
/// <param name="Policies">Every TlsPolicy, as cached.</param>
/// <param name="PoliciesVersion">The cache's version of <paramref name="Policies"/> (equal versions, equal items); null when unknown.</param>
/// <param name="Previous">The set the last conversion made; null at start.</param>
/// <param name="Relays">The revisions the ready relay pods report.</param>
/// <param name="Now">The time conditions are stamped with.</param>
internal sealed record ReconcileInputs(IReadOnlyList<TlsPolicy> Policies, long? PoliciesVersion, CompiledSet? Previous, RelayRevisions Relays, DateTime Now);
