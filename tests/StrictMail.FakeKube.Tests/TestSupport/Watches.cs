using k8s.Models;

namespace StrictMail.FakeKube.Tests.TestSupport;

/// <summary>ConfigMap watches through the real client's WatchAsync.</summary>
internal static class Watches
{
    public static IAsyncEnumerable<(WatchEventType Type, V1ConfigMap Object)> ConfigMaps(
        Kubernetes client, string? resourceVersion = null, string? labelSelector = null, bool bookmarks = false,
        int? timeoutSeconds = null, Action<Exception>? onError = null, CancellationToken cancellationToken = default) =>
        client.CoreV1.WatchListNamespacedConfigMapAsync(
            Clients.Namespace, resourceVersion: resourceVersion, labelSelector: labelSelector,
            allowWatchBookmarks: bookmarks, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);

    /// <summary>Takes the first <paramref name="count"/> events, failing after five seconds.</summary>
    public static async Task<List<(WatchEventType Type, V1ConfigMap Object)>> TakeAsync(
        Func<CancellationToken, IAsyncEnumerable<(WatchEventType, V1ConfigMap)>> watch, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var events = new List<(WatchEventType, V1ConfigMap)>();
        await foreach (var item in watch(timeout.Token).WithCancellation(timeout.Token))
        {
            events.Add(item);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
