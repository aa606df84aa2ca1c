using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Controller;

/// <summary>
/// What one reconciliation should write: the ConfigMap, each policy's status, and whether to look again
/// while relays lag. Statuses are computed when asked, so reconciling one policy of many costs one status.
/// </summary>
internal sealed class ReconcilePlan
{
    private readonly RelayRevisions _relays;
    private readonly DateTime _now;

    internal ReconcilePlan(CompiledSet set, RelayRevisions relays, DateTime now)
    {
        Set = set;
        _relays = relays;
        _now = now;
    }

    /// <summary>The compiled set (document, reports, compiled forms, revision history).</summary>
    public CompiledSet Set { get; }

    /// <summary>The compiled document.</summary>
    public PolicyDocument Document => Set.Result.Document;

    /// <summary>The relay ConfigMap carrying <see cref="Document"/>.</summary>
    public V1ConfigMap ConfigMap => Set.ConfigMap;

    /// <summary>One status update per policy of the set, in input order; computed on each access (the controller asks per policy).</summary>
    public IReadOnlyList<StatusUpdate> Statuses => [.. Set.Policies.Select(p => StatusFor(p)!)];

    /// <summary>True while some accepted policy is not applied on every relay; the controller requeues per policy with <see cref="Lagging"/>.</summary>
    public bool RequeueForRelays => Statuses.Any(Lagging);

    /// <summary>
    /// <paramref name="policy"/>'s status update, marked unchanged when its stored status already says it; null when
    /// the set does not hold the policy (deleted since it was queued). A relay counts as applied when its revision
    /// carries the policy's current compiled form, so one policy's edit does not unapply the others.
    /// </summary>
    public StatusUpdate? StatusFor(TlsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var key = policy.Key;
        if (!Set.Reports.TryGetValue(key, out var report))
        {
            return null;
        }

        var form = Set.Forms.GetValueOrDefault(key);
        var revision = Set.Introduced.GetValueOrDefault(key) ?? Set.Revision;
        var applied = form is null ? 0 : Set.History.Carrying(key, form, _relays);
        var status = PolicyStatusCalculator.Compute(policy, report, revision, _relays.Desired, applied, _now);
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
