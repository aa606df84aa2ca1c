using k8s.Models;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Controller;

/// <summary>What one reconciliation of all TlsPolicies should write.</summary>
/// <param name="Document">The compiled document.</param>
/// <param name="ConfigMap">The relay ConfigMap carrying it.</param>
/// <param name="Statuses">One status update per policy.</param>
/// <param name="RequeueForRelays">True while some accepted policy is not applied on every relay: check again soon.</param>
public sealed record ReconcilePlan(PolicyDocument Document, V1ConfigMap ConfigMap, IReadOnlyList<StatusUpdate> Statuses, bool RequeueForRelays);
