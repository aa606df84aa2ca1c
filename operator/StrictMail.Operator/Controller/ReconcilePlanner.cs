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
            var status = PolicyStatusCalculator.Compute(policies[i], result.Reports[i], result.Document.Revision, relays, now);
            updates.Add(new StatusUpdate(policies[i], status, !SameStatus(policies[i].Status, status)));
        }

        var lagging = updates.Any(u => ConditionList.Status(u.Status.Conditions, PolicyConditionTypes.Accepted) == true
            && ConditionList.Status(u.Status.Conditions, PolicyConditionTypes.Applied) != true);
        return new ReconcilePlan(result.Document, configMap, updates, lagging);
    }

    private static bool SameStatus(TlsPolicyStatus? stored, TlsPolicyStatus computed) =>
        stored is not null
        && stored.ObservedGeneration == computed.ObservedGeneration
        && stored.Revision == computed.Revision
        && stored.Relays?.Desired == computed.Relays?.Desired
        && stored.Relays?.Applied == computed.Relays?.Applied
        && ConditionList.Same(stored.Conditions, computed.Conditions);
}
