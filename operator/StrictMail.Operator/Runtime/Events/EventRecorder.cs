using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Events;

/// <summary>
/// Records events.k8s.io/v1 Events about objects (a TlsPolicy). A repeat of the same (object, type,
/// reason, note) increments series.count on the Event already written instead of creating another.
/// Never throws: a failed write is logged.
/// </summary>
internal sealed class EventRecorder(IKubernetes client, string reportingInstance, EventRecorderLog log) : IDisposable
{
    public const string ReportingController = "strictmail.io/operator";
    private const int MaxRemembered = 4096;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<EventKey, RecordedEvent> _recorded = [];
    private long _sequence;

    /// <summary>Records a Normal event.</summary>
    public Task NormalAsync(IKubernetesObject<V1ObjectMeta> regarding, string reason, string note, string action = "Reconcile", CancellationToken cancellation = default) =>
        RecordAsync(regarding, EventKind.Normal, reason, note, action, cancellation);

    /// <summary>Records a Warning event.</summary>
    public Task WarningAsync(IKubernetesObject<V1ObjectMeta> regarding, string reason, string note, string action = "Reconcile", CancellationToken cancellation = default) =>
        RecordAsync(regarding, EventKind.Warning, reason, note, action, cancellation);

    /// <summary>Writes the event, or counts a repeat; logs instead of throwing.</summary>
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventKind kind, string reason, string note, string action = "Reconcile", CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        var meta = regarding.Metadata;
        var key = new EventKey(meta?.Uid, meta?.NamespaceProperty, meta?.Name, kind, reason, note);
        try
        {
            await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_recorded.TryGetValue(key, out var previous) && await TryCountRepeatAsync(previous, cancellation).ConfigureAwait(false))
            {
                _recorded[key] = previous with { Count = previous.Count + 1 };
                return;
            }

            var created = await client.EventsV1.CreateNamespacedEventAsync(NewEvent(regarding, kind, reason, note, action), Namespace(meta), cancellationToken: cancellation).ConfigureAwait(false);
            if (_recorded.Count >= MaxRemembered)
            {
                _recorded.Clear();
            }

            _recorded[key] = new RecordedEvent(created.Metadata.NamespaceProperty, created.Metadata.Name, 1);
        }
        catch (Exception e)
        {
            log.RecordFailed(reason, regarding.Kind, meta?.NamespaceProperty, meta?.Name, e);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Namespace(V1ObjectMeta? meta) => string.IsNullOrEmpty(meta?.NamespaceProperty) ? "default" : meta.NamespaceProperty;

    /// <summary>Increments series.count; false when the Event is gone (expired) and a new one must be created.</summary>
    private async Task<bool> TryCountRepeatAsync(RecordedEvent previous, CancellationToken cancellation)
    {
        var patch = new JsonObject
        {
            ["series"] = new JsonObject
            {
                ["count"] = previous.Count + 1,
                ["lastObservedTime"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            },
        };
        try
        {
            await client.EventsV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), previous.Name, previous.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            log.Recreated(previous.Name);
            return false;
        }
    }

    private Eventsv1Event NewEvent(IKubernetesObject<V1ObjectMeta> regarding, EventKind kind, string reason, string note, string action)
    {
        var meta = regarding.Metadata;
        var sequence = Interlocked.Increment(ref _sequence);
        var name = string.Create(CultureInfo.InvariantCulture, $"{meta?.Name ?? "object"}.{DateTime.UtcNow.Ticks:x}{sequence:x}");
        return new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace(meta) },
            EventTime = DateTime.UtcNow,
            Regarding = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = meta?.Name,
                NamespaceProperty = meta?.NamespaceProperty,
                Uid = meta?.Uid,
                ResourceVersion = meta?.ResourceVersion,
            },
            Reason = reason,
            Note = note.Length > 1024 ? note[..1024] : note,
            Type = kind.ToString(),
            Action = action,
            ReportingController = ReportingController,
            ReportingInstance = reportingInstance,
        };
    }
}
