using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Events;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Which Events a status change deserves: one per condition transition a person would want in
/// `kubectl describe` (became invalid, valid again, conflict, conflict resolved, enforced everywhere),
/// none for a status that only restates itself. Pure.
/// </summary>
internal static class PolicyEvents
{
    public static IReadOnlyList<PolicyEvent> For(TlsPolicyStatus? before, TlsPolicyStatus after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<PolicyEvent>();
        var accepted = Find(after, PolicyConditionTypes.Accepted);
        var wasAccepted = Find(before, PolicyConditionTypes.Accepted);
        if (accepted is { Status: "False" } && (wasAccepted?.Status != "False" || wasAccepted.Message != accepted.Message))
        {
            events.Add(new PolicyEvent(EventKind.Warning, PolicyConditionTypes.InvalidReason, accepted.Message));
        }
        else if (accepted is { Status: "True" } && wasAccepted?.Status != "True")
        {
            events.Add(new PolicyEvent(EventKind.Normal, PolicyConditionTypes.Accepted, "The policy is valid and compiled into the relay policy document."));
        }

        var conflict = Find(after, PolicyConditionTypes.Conflict);
        var hadConflict = Find(before, PolicyConditionTypes.Conflict);
        if (conflict is { Status: "True" } && (hadConflict?.Status != "True" || hadConflict.Message != conflict.Message))
        {
            events.Add(new PolicyEvent(EventKind.Warning, PolicyConditionTypes.DomainConflictReason, conflict.Message));
        }
        else if (conflict is { Status: "False" } && hadConflict?.Status == "True")
        {
            events.Add(new PolicyEvent(EventKind.Normal, "ConflictResolved", "No other policy claims these domains any more."));
        }

        var ready = Find(after, PolicyConditionTypes.Ready);
        var wasReady = Find(before, PolicyConditionTypes.Ready);
        if (ready is { Status: "True" } && (wasReady?.Status != "True" || before?.Revision != after.Revision))
        {
            events.Add(new PolicyEvent(
                EventKind.Normal,
                PolicyConditionTypes.AllRelaysReason,
                $"Every ready relay ({after.Relays?.Applied}/{after.Relays?.Desired}) enforces revision {after.Revision}."));
        }

        return events;
    }

    private static V1Condition? Find(TlsPolicyStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);
}
