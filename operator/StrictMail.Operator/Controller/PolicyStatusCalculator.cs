using System.Globalization;
using k8s.Models;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Conditions;

namespace StrictMail.Operator.Controller;

/// <summary>
/// A TlsPolicy's status from the compiler's report and what the relays applied: Accepted (or the
/// validation message), Conflict, Applied with relays desired/applied, Ready. Pure: the reconciler
/// gathers the inputs and writes the result only when it differs from what is stored.
/// </summary>
internal static class PolicyStatusCalculator
{
    /// <summary>
    /// The status from the revision that introduced the policy's current compiled form and the ready
    /// relays (<paramref name="desired"/>) that run it, in that revision or a later one (<paramref name="applied"/>).
    /// </summary>
    public static TlsPolicyStatus Compute(TlsPolicy policy, PolicyReport report, string documentRevision, int desired, int applied, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(report);
        var relays = new RelayCounts { Desired = desired, Applied = applied };
        var generation = policy.Metadata?.Generation;
        var conditions = policy.Status?.Conditions;
        conditions = report.Accepted
            ? ConditionList.Set(conditions, PolicyConditionTypes.Accepted, true, PolicyConditionTypes.ValidReason, "The policy is valid.", generation, now)
            : ConditionList.Set(conditions, PolicyConditionTypes.Accepted, false, RefusalReason(report), string.Join("; ", [.. report.Errors, .. report.Forbidden]), generation, now);

        conditions = report.Conflicts.Count > 0
            ? ConditionList.Set(conditions, PolicyConditionTypes.Conflict, true, PolicyConditionTypes.DomainConflictReason, string.Join("; ", report.Conflicts), generation, now)
            : ConditionList.Set(conditions, PolicyConditionTypes.Conflict, false, PolicyConditionTypes.NoConflictReason, "No other policy claims these domains.", generation, now);

        conditions = Expiry(conditions, policy.Status?.Probe, generation, now);

        var allApplied = report.Accepted && relays.Desired > 0 && applied == relays.Desired;
        var appliedMessage = relays.Desired == 0
            ? "No ready relay pod reports a policy revision yet."
            : $"{applied} of {relays.Desired} ready relays run this policy as of revision {documentRevision}.";
        conditions = ConditionList.Set(
            conditions,
            PolicyConditionTypes.Applied,
            allApplied,
            allApplied ? PolicyConditionTypes.AllRelaysReason : relays.Desired == 0 ? PolicyConditionTypes.NoRelaysReason : PolicyConditionTypes.WaitingReason,
            report.Accepted ? appliedMessage : "The policy is not accepted, so no relay runs it.",
            generation,
            now);

        var ready = allApplied && report.Conflicts.Count == 0;
        var readyReason = !report.Accepted ? RefusalReason(report)
            : report.Conflicts.Count > 0 ? PolicyConditionTypes.DomainConflictReason
            : allApplied ? PolicyConditionTypes.ReadyReason
            : relays.Desired == 0 ? PolicyConditionTypes.NoRelaysReason : PolicyConditionTypes.WaitingReason;
        var readyMessage = readyReason switch
        {
            PolicyConditionTypes.InvalidReason => "The policy is not valid; see Accepted.",
            PolicyConditionTypes.NotPermittedReason => "The policy uses settings its namespace may not; see Accepted.",
            PolicyConditionTypes.DomainConflictReason => "Another, older policy governs some of these domains; see Conflict.",
            PolicyConditionTypes.ReadyReason => "Every ready relay enforces this policy.",
            _ => appliedMessage,
        };
        conditions = ConditionList.Set(conditions, PolicyConditionTypes.Ready, ready, readyReason, readyMessage, generation, now);

        return new TlsPolicyStatus
        {
            ObservedGeneration = generation,
            Conditions = conditions,
            Relays = new RelayCounts { Desired = relays.Desired, Applied = report.Accepted ? applied : 0 },
            Revision = report.Accepted ? documentRevision : null,
            Probe = policy.Status?.Probe,
        };
    }

    // From the probe's findings (written by the probe scheduler): the controller owns every condition.
    private static List<V1Condition> Expiry(List<V1Condition> conditions, ProbeStatus? probe, long? generation, DateTime now)
    {
        if (probe?.Mx is not { Count: > 0 } hosts)
        {
            return ConditionList.Set(conditions, PolicyConditionTypes.CertificateExpiring, false, PolicyConditionTypes.NotProbedReason, "No MX certificate has been probed (only mandatory policies are).", generation, now);
        }

        var expiring = hosts
            .Where(mx => mx.NotAfter is { } at && UtcTime.Of(at) - now <= PolicyConditionTypes.ExpiryWarning)
            .Select(mx => $"{mx.Host}: certificate {(UtcTime.Of(mx.NotAfter!.Value) <= now ? "expired" : "expires")} {UtcTime.Of(mx.NotAfter!.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}")
            .ToList();
        return expiring.Count > 0
            ? ConditionList.Set(conditions, PolicyConditionTypes.CertificateExpiring, true, PolicyConditionTypes.ExpiresSoonReason, string.Join("; ", expiring), generation, now)
            : ConditionList.Set(conditions, PolicyConditionTypes.CertificateExpiring, false, PolicyConditionTypes.NotExpiringReason, $"No probed MX certificate expires within {PolicyConditionTypes.ExpiryWarning.TotalDays:0} days.", generation, now);
    }

    private static string RefusalReason(PolicyReport report) =>
        report.NotPermitted ? PolicyConditionTypes.NotPermittedReason : PolicyConditionTypes.InvalidReason;
}
