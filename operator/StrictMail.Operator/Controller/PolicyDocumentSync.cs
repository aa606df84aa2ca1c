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
/// Keeps the relay ConfigMap equal to the compilation of every cached TlsPolicy: recompiles only
/// when the set's fingerprint changes, writes only when the content hash differs from what is stored,
/// and queues every policy again when the document revision changes (their status names it).
/// Calls are serialized; concurrent reconciliations share one compilation.
/// </summary>
internal sealed class PolicyDocumentSync(IKubernetes client, PolicyControllerOptions options, TimeProvider clock, OperatorMetrics? metrics = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CompiledSet? _current;
    private long _currentVersion = -1;
    private string? _writtenHash;
    private DateTimeOffset _verifiedAt;

    /// <summary>The compiled forms of recent revisions, for counting relays that run a policy.</summary>
    public RevisionHistory History { get; } = new();

    /// <summary>ConfigMap writes so far (creates and replaces).</summary>
    public int Writes { get; private set; }

    /// <summary>The current compilation of <paramref name="store"/>'s policies, with the ConfigMap made to match.</summary>
    public async Task<CompiledSet> EnsureAsync(IEntityStore<TlsPolicy> store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            // Read the version before the items: a change in between only causes one more look next time.
            var version = store.Version;
            var set = _current;
            if (set is null || version != _currentVersion)
            {
                set = Compile(store.Items, set);
                _currentVersion = version;
            }

            var hash = set.ConfigMap.Metadata.Annotations[PolicyConfigMap.HashAnnotation];

            // Read the stored ConfigMap again now and then, so a hand edit or deletion is repaired.
            if (hash != _writtenHash || clock.GetUtcNow() - _verifiedAt > options.ConfigMapVerifyPeriod)
            {
                await WriteAsync(set.ConfigMap, cancellation).ConfigureAwait(false);
                _writtenHash = hash;
                _verifiedAt = clock.GetUtcNow();
            }

            var revisionChanged = _current is not null && _current.Revision != set.Revision;
            _current = set;
            if (revisionChanged)
            {
                store.RequeueAll();
            }

            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    private CompiledSet Compile(IReadOnlyList<TlsPolicy> policies, CompiledSet? previous)
    {
        // Status writes change the cache but not what compiles: the fingerprint says when to recompile.
        var fingerprint = PolicySetCompiler.Fingerprint(policies);
        if (previous is not null && previous.Fingerprint == fingerprint)
        {
            return previous;
        }

        var set = PolicySetCompiler.WithIntroduced(PolicySetCompiler.Compile(policies, options.ConfigMapName, options.Namespace, fingerprint, options.Permissions), previous);
        History.Add(set);
        metrics?.Policies(
            set.Result.Reports.Count(r => r.Accepted),
            set.Result.Reports.Count(r => !r.Accepted),
            set.Result.Reports.Count(r => r.Accepted && r.Conflicts.Count > 0));
        return set;
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
