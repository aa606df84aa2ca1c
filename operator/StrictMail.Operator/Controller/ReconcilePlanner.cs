using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Conditions;

namespace StrictMail.Operator.Controller;

/// <summary>
/// The controller's converter, YARP style: every TlsPolicy and the relays' applied revisions in,
/// the ConfigMap and each policy's status out. Pure; the reconciler only gathers inputs, writes
/// what changed and requeues while relays lag.
/// </summary>
public static class ReconcilePlanner
{
    public static ReconcilePlan Plan(IReadOnlyList<TlsPolicy> policies, RelayRevisions relays, string configMapName, string configMapNamespace, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var result = PolicyCompiler.Compile(policies);
        var configMap = PolicyConfigMap.Render(result.Document, configMapName, configMapNamespace);
        var updates = new List<StatusUpdate>(policies.Count);
        for (var i = 0; i < policies.Count; i++)
        {
            updates.Add(StatusFor(policies[i], result.Reports[i], result.Document.Revision, relays, now));
        }

        var lagging = updates.Any(Lagging);
        return new ReconcilePlan(result.Document, configMap, updates, lagging);
    }

    /// <summary>One policy's status update: computed, and marked unchanged when the stored status already says it.</summary>
    public static StatusUpdate StatusFor(TlsPolicy policy, PolicyReport report, string revision, RelayRevisions relays, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(relays);
        return StatusFor(policy, report, revision, relays.Desired, relays.Carrying(revision), now);
    }

    /// <summary>One policy's status update from counted relays: <paramref name="applied"/> of <paramref name="desired"/> run it.</summary>
    public static StatusUpdate StatusFor(TlsPolicy policy, PolicyReport report, string revision, int desired, int applied, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var status = PolicyStatusCalculator.Compute(policy, report, revision, desired, applied, now);
        return new StatusUpdate(policy, status, !SameStatus(policy.Status, status));
    }

    /// <summary>True while <paramref name="update"/>'s policy is valid but not yet applied on every relay.</summary>
    public static bool Lagging(StatusUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return ConditionList.Status(update.Status.Conditions, PolicyConditionTypes.Accepted) == true
            && ConditionList.Status(update.Status.Conditions, PolicyConditionTypes.Applied) != true;
    }

    private static bool SameStatus(TlsPolicyStatus? stored, TlsPolicyStatus computed) =>
        stored is not null
        && stored.ObservedGeneration == computed.ObservedGeneration
        && stored.Revision == computed.Revision
        && stored.Relays?.Desired == computed.Relays?.Desired
        && stored.Relays?.Applied == computed.Relays?.Applied
        && ConditionList.Same(stored.Conditions, computed.Conditions);
}
