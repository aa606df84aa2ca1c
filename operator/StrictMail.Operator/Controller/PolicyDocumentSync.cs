// Trust: the API server is the source of truth; the stored ConfigMap's bytes are hashed and compared
// with the desired document, and overwritten whole when they differ (a hand edit is repaired, not merged).
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Gathers the converter's inputs (the cached TlsPolicies and the last compiled set), runs
/// <see cref="PolicyConverter.Convert"/>, and keeps the relay ConfigMap equal to its result: writes only when
/// the content hash differs from what is stored, and queues every policy again when the document revision
/// changes (their status names it). Calls are serialized; concurrent reconciliations share one compilation.
/// </summary>
internal sealed class PolicyDocumentSync(IKubernetes client, PolicyControllerOptions options, TimeProvider clock, OperatorMetrics? metrics = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CompiledSet? _current;
    private string? _writtenHash;
    private DateTimeOffset _verifiedAt;

    /// <summary>ConfigMap writes so far (creates and replaces).</summary>
    public int Writes { get; private set; }

    /// <summary>
    /// Converts <paramref name="store"/>'s policies with the last set and <paramref name="relays"/>, makes the ConfigMap match
    /// the result, and returns the plan (whose statuses the controller writes).
    /// </summary>
    public async Task<ReconcilePlan> ReconcileAsync(IEntityStore<TlsPolicy> store, RelayRevisions relays, DateTime now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(relays);
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            // Read the version before the items: a change in between only causes one more look next time.
            var version = store.Version;
            var previous = _current;
            var plan = PolicyConverter.Convert(new ReconcileInputs(store.Items, version, previous, relays, now), options.Conversion);
            var set = plan.Set;
            if (!ReferenceEquals(set.Result, previous?.Result))
            {
                metrics?.Policies(
                    set.Result.Reports.Count(r => r.Accepted),
                    set.Result.Reports.Count(r => !r.Accepted),
                    set.Result.Reports.Count(r => r.Accepted && r.Conflicts.Count > 0));
            }

            var hash = set.ConfigMap.Metadata.Annotations[PolicyConfigMap.HashAnnotation];

            // Read the stored ConfigMap again now and then, so a hand edit or deletion is repaired.
            if (hash != _writtenHash || clock.GetUtcNow() - _verifiedAt > options.ConfigMapVerifyPeriod)
            {
                await WriteAsync(set.ConfigMap, cancellation).ConfigureAwait(false);
                _writtenHash = hash;
                _verifiedAt = clock.GetUtcNow();
            }

            _current = set;
            if (previous is not null && previous.Revision != set.Revision)
            {
                // Every policy's status names the revision: look at each again.
                store.RequeueAll();
            }

            return plan;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets what was written, so the next call reads the ConfigMap again (after losing and regaining leadership).</summary>
    public void Invalidate() => _writtenHash = null;

    public void Dispose() => _gate.Dispose();

    private async Task WriteAsync(V1ConfigMap desired, CancellationToken cancellation)
    {
        V1ConfigMap? stored;
        try
        {
            stored = await client.CoreV1.ReadNamespacedConfigMapAsync(options.ConfigMapName, options.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            stored = null;
        }

        if (PolicyConfigMap.UpToDate(stored, desired))
        {
            return;
        }

        if (stored is null)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(desired, options.Namespace, fieldManager: "strictmail-operator", cancellationToken: cancellation).ConfigureAwait(false);
        }
        else
        {
            // Replace with the stored resourceVersion: a concurrent writer makes this a 409, retried with backoff.
            desired.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
            desired.Metadata.Labels = Merge(stored.Metadata.Labels, desired.Metadata.Labels);
            desired.Metadata.Annotations = Merge(stored.Metadata.Annotations, desired.Metadata.Annotations);
            try
            {
                await client.CoreV1.ReplaceNamespacedConfigMapAsync(desired, options.ConfigMapName, options.Namespace, fieldManager: "strictmail-operator", cancellationToken: cancellation).ConfigureAwait(false);
            }
            finally
            {
                desired.Metadata.ResourceVersion = null;
            }
        }

        Writes++;
    }

    private static Dictionary<string, string> Merge(IDictionary<string, string>? stored, IDictionary<string, string> desired)
    {
        // Keep what others put on the ConfigMap (e.g. Helm's labels); ours win.
        var merged = new Dictionary<string, string>(stored ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in desired)
        {
            merged[key] = value;
        }

        return merged;
    }
}
