using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Events;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Reconciles one TlsPolicy: reads the relays, has <see cref="PolicyDocumentSync"/> run the converter
/// (<see cref="PolicyConverter.Convert"/>) and write the ConfigMap, then writes this policy's status from the
/// plan only when it changed, records Events on transitions, and asks to be looked at again while some relay
/// has not applied it.
/// </summary>
internal sealed class TlsPolicyController(
    IKubernetes client,
    IEntityStore<TlsPolicy> store,
    PolicyDocumentSync document,
    RelayFleet relays,
    PolicyControllerOptions options,
    TimeProvider clock,
    EventRecorder? events = null,
    OperatorMetrics? metrics = null) : IEntityController<TlsPolicy>
{
    // Never "probe": the probe scheduler owns status.probe and writes it with its own merge patch.
    private static readonly string[] StatusFields = ["observedGeneration", "conditions", "relays", "revision"];
    private readonly ApplyLagTracker _lag = new();

    public async Task<ReconcileResult> ReconcileAsync(TlsPolicy entity, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var key = entity.Key;
        var generation = entity.Metadata?.Generation ?? 0;
        _lag.Seen(key, generation, clock.GetUtcNow());

        // A failed relay read must not hold back the document: convert and write it without relays, write no status
        // from a fleet we could not see, and fail so the work queue retries with backoff.
        ExceptionDispatchInfo? unread = null;
        RelayRevisions fleet;
        try
        {
            fleet = await relays.ReadAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or HttpOperationException or TimeoutException)
        {
            (fleet, unread) = (RelayRevisions.None, ExceptionDispatchInfo.Capture(e));
        }

        var plan = await document.ReconcileAsync(store, fleet, clock.GetUtcNow().UtcDateTime, cancellation).ConfigureAwait(false);
        unread?.Throw();
        if (plan.StatusFor(entity) is not { } update)
        {
            // Deleted since it was queued: DeletedAsync follows.
            return ReconcileResult.Done;
        }

        if (update.Changed && !await WriteStatusAsync(entity, update.Status, cancellation).ConfigureAwait(false))
        {
            return ReconcileResult.Done;
        }

        if (update.Changed && events is not null)
        {
            foreach (var change in PolicyEvents.For(entity.Status, update.Status))
            {
                await events.RecordAsync(entity, change.Kind, change.Reason, change.Note, cancellation: cancellation).ConfigureAwait(false);
            }
        }

        if (!ReconcilePlan.Lagging(update))
        {
            if (update.Status.Relays?.Desired > 0 && _lag.Applied(key, generation, clock.GetUtcNow()) is { } lag)
            {
                metrics?.Applied(lag);
            }

            return ReconcileResult.Done;
        }

        return ReconcileResult.Requeue(options.AppliedRequeue);
    }

    public async Task<ReconcileResult> DeletedAsync(TlsPolicy entity, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entity);
        _lag.Forget(entity.Key);
        await document.ReconcileAsync(store, RelayRevisions.None, clock.GetUtcNow().UtcDateTime, cancellation).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<bool> WriteStatusAsync(TlsPolicy entity, TlsPolicyStatus status, CancellationToken cancellation)
    {
        // A merge patch of the status subresource: no resourceVersion, so a spec edit racing this write
        // is not a conflict (status carries observedGeneration; the edit queues another reconciliation).
        var body = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();

        // The cached status.probe may be older than the one the probe scheduler just wrote: leave it alone.
        body.Remove("probe");
        foreach (var field in StatusFields)
        {
            if (!body.ContainsKey(field))
            {
                body[field] = null;
            }
        }

        return await TlsPolicyStatusPatch.ApplyAsync(client, entity, body, "strictmail-operator", cancellation).ConfigureAwait(false);
    }
}
