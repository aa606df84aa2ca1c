using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using StrictMail.Operator.Runtime.Queue;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>
/// Lists and watches one custom resource in KubeOps' shape, but never stops silently: a stream that
/// ends is resumed from the last resourceVersion (events and bookmarks), 410 Gone relists and diffs
/// against the cache, any other error reconnects with jittered backoff, and a watchdog aborts a
/// stream that stays quiet.
/// </summary>
/// <typeparam name="TEntity">The watched entity (with a KubernetesEntityAttribute).</typeparam>
internal sealed class ResourceWatcher<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes _client;
    private readonly ResourceWatcherOptions _options;
    private readonly Action<WatchEvent<TEntity>>? _onEvent;
    private readonly WorkQueue<string>? _queue;
    private readonly WatcherLog _log;
    private readonly EntityResource _resource;
    private readonly EntityCache<TEntity> _cache = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WatchScope[] _scopes;
    private int _pendingSync;

    public ResourceWatcher(
        IKubernetes client,
        ResourceWatcherOptions options,
        Action<WatchEvent<TEntity>>? onEvent = null,
        WorkQueue<string>? queue = null,
        WatcherLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _onEvent = onEvent;
        _queue = queue;
        _log = log ?? new WatcherLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _resource = EntityResource.Of(typeof(TEntity));
        _scopes = options.Namespaces.Count == 0
            ? [new WatchScope(null)]
            : [.. options.Namespaces.Distinct(StringComparer.Ordinal).Select(ns => new WatchScope(ns))];
        _pendingSync = _scopes.Length;
    }

    /// <summary>Completes once every watched namespace has been listed the first time.</summary>
    public Task Synced => _synced.Task;

    /// <summary>The resourceVersion the first (or only) watch resumes from.</summary>
    public string? ResourceVersion => _scopes[0].ResourceVersion;

    /// <summary>The resourceVersion the watch of <paramref name="ns"/> resumes from (null: the all-namespaces watch).</summary>
    public string? ResourceVersionOf(string? ns) =>
        _scopes.FirstOrDefault(s => string.Equals(s.Namespace, ns, StringComparison.Ordinal))?.ResourceVersion;

    /// <summary>A copy of the cache: "namespace/name" to the latest object.</summary>
    public IReadOnlyDictionary<string, TEntity> Snapshot() => _cache.Snapshot();

    /// <summary>Watches until <paramref name="cancellation"/> is cancelled; then completes (never throws for it).</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            await Task.WhenAll(_scopes.Select(s => RunScopeAsync(s, cancellation))).ConfigureAwait(false);
        }
        finally
        {
            _synced.TrySetCanceled(cancellation.IsCancellationRequested ? cancellation : new CancellationToken(true));
        }
    }

    /// <summary>The latest object under <paramref name="key"/> ("namespace/name"), if it exists.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TEntity entity) => _cache.TryGet(key, out entity);

    /// <summary>Grows with every change to the cache.</summary>
    public long CacheVersion => _cache.Version;

    /// <summary>The keys of every cached object.</summary>
    public IReadOnlyList<string> Keys() => _cache.Keys();

    /// <summary>Every cached object.</summary>
    public IReadOnlyList<TEntity> Values() => _cache.Values();

    /// <summary>The cache key of an object: "namespace/name", or "name" when cluster-scoped.</summary>
    public static string KeyOf(TEntity entity) => EntityCache<TEntity>.KeyOf(entity);

    private async Task RunScopeAsync(WatchScope scope, CancellationToken cancellation)
    {
        var backoff = new WatchBackoff(_options.MinBackoff, _options.MaxBackoff);
        var mustList = true;
        var synced = false;
        while (!cancellation.IsCancellationRequested)
        {
            if (mustList)
            {
                try
                {
                    await ListAsync(scope, cancellation).ConfigureAwait(false);
                    mustList = false;
                    backoff.Reset();
                    if (!synced)
                    {
                        synced = true;
                        if (Interlocked.Decrement(ref _pendingSync) == 0)
                        {
                            _synced.TrySetResult();
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The watcher must survive any failure and retry.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    var delay = backoff.Next();
                    _log.ListFailed(_resource.Plural, ScopeName(scope), e, delay);
                    if (!await DelayAsync(delay, cancellation).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }
            }

            var (end, progressed, error) = await WatchOnceAsync(scope, cancellation).ConfigureAwait(false);
            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            if (progressed)
            {
                backoff.Reset();
            }

            var wait = backoff.Next();
            switch (end)
            {
                case WatchEnd.Gone:
                    _log.Gone(_resource.Plural, ScopeName(scope), scope.ResourceVersion);
                    mustList = true;
                    break;
                case WatchEnd.Quiet:
                    _log.Watchdog(_resource.Plural, ScopeName(scope), _options.QuietPeriod);
                    break;
                case WatchEnd.Failed:
                    _log.WatchFailed(_resource.Plural, ScopeName(scope), error, wait);
                    break;
                default:
                    _log.StreamEnded(_resource.Plural, ScopeName(scope), scope.ResourceVersion);
                    break;
            }

            if (!await DelayAsync(wait, cancellation).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task ListAsync(WatchScope scope, CancellationToken cancellation)
    {
        using var response = scope.Namespace is null
            ? await _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<EntityList<TEntity>>(
                group: _resource.Group, version: _resource.Version, plural: _resource.Plural,
                cancellationToken: cancellation).ConfigureAwait(false)
            : await _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<EntityList<TEntity>>(
                group: _resource.Group, version: _resource.Version, namespaceParameter: scope.Namespace, plural: _resource.Plural,
                cancellationToken: cancellation).ConfigureAwait(false);
        var list = response.Body;
        foreach (var change in _cache.Replace(list.Items, scope.Owns))
        {
            Dispatch(change);
        }

        scope.ResourceVersion = list.Metadata?.ResourceVersion;
        _log.Listed(_resource.Plural, ScopeName(scope), list.Items.Count, scope.ResourceVersion);
    }

    private async Task<(WatchEnd End, bool Progressed, Exception? Error)> WatchOnceAsync(WatchScope scope, CancellationToken cancellation)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        watch.CancelAfter(_options.QuietPeriod);
        Exception? streamError = null;
        Exception? failure = null;
        var progressed = false;
        var timeout = (int)Math.Max(1, _options.WatchTimeout.TotalSeconds);
        var request = scope.Namespace is null
            ? _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<object>(
                group: _resource.Group, version: _resource.Version, plural: _resource.Plural,
                allowWatchBookmarks: true, resourceVersion: scope.ResourceVersion, timeoutSeconds: timeout, watch: true,
                cancellationToken: watch.Token)
            : _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
                group: _resource.Group, version: _resource.Version, namespaceParameter: scope.Namespace, plural: _resource.Plural,
                allowWatchBookmarks: true, resourceVersion: scope.ResourceVersion, timeoutSeconds: timeout, watch: true,
                cancellationToken: watch.Token);
        try
        {
            // The generated WatchList*CustomObjectAsync yield untyped objects; this overload decodes TEntity.
#pragma warning disable CS0618
            var events = request.WatchAsync<TEntity, object>(
                e =>
                {
                    // An ERROR event (or an undecodable line): stop this stream and decide below.
                    streamError ??= e;
                    watch.Cancel();
                },
                watch.Token);
#pragma warning restore CS0618
            await foreach (var (type, entity) in events.ConfigureAwait(false))
            {
                watch.CancelAfter(_options.QuietPeriod);
                progressed = true;
                Apply(scope, type, entity);
            }
        }
#pragma warning disable CA1031 // Every failure is classified below; the loop goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        finally
        {
            // The response stream is owned by the request; make sure it is released.
            if (request.IsCompletedSuccessfully)
            {
                request.Result.Dispose();
            }
        }

        if (cancellation.IsCancellationRequested)
        {
            return (WatchEnd.Ended, progressed, null);
        }

        var error = streamError ?? failure;
        return error switch
        {
            null => (WatchEnd.Ended, progressed, null),
            OperationCanceledException when watch.IsCancellationRequested && streamError is null => (WatchEnd.Quiet, progressed, null),
            HttpRequestException { InnerException: EndOfStreamException } => (WatchEnd.Ended, progressed, null),
            _ when IsGone(error) => (WatchEnd.Gone, progressed, error),
            _ => (WatchEnd.Failed, progressed, error),
        };
    }

    private void Apply(WatchScope scope, WatchEventType type, TEntity entity)
    {
        var resourceVersion = entity.Metadata?.ResourceVersion;
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            scope.ResourceVersion = resourceVersion;
        }

        if (_cache.Apply(type, entity) is { } change)
        {
            Dispatch(change);
        }
    }

    private void Dispatch(WatchEvent<TEntity> change)
    {
        try
        {
            _onEvent?.Invoke(change);
        }
#pragma warning disable CA1031 // A failing handler must not stop the watch.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.HandlerFailed(change.Key, e);
        }

        _queue?.Add(change.Key);
    }

    private static bool IsGone(Exception error) => error switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    private static string ScopeName(WatchScope scope) => scope.Namespace ?? "all namespaces";

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
