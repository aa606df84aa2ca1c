using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>Streams one watch as newline-delimited JSON events, flushed one by one.</summary>
internal sealed class WatchStreamer
{
    private readonly ObjectStore store;
    private readonly FakeKubeOptions options;
    private readonly CancellationToken stopping;

    public WatchStreamer(ObjectStore store, FakeKubeOptions options, CancellationToken stopping)
    {
        this.store = store;
        this.options = options;
        this.stopping = stopping;
    }

    public async Task StreamAsync(HttpContext context, ResourceType type, string? ns, string? name, Func<JsonObject, bool> selector)
    {
        var query = context.Request.Query;
        var from = ParseResourceVersion(query["resourceVersion"]);
        Func<JsonObject, bool> match = name is null
            ? selector
            : obj => ObjectMeta.Get(obj, "name") == name && selector(obj);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(type, ns, match, from);
        }
        catch (KubeApiException gone)
        {
            await WriteEventAsync(context, "ERROR", StatusObjects.Failure(gone)).ConfigureAwait(false);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var bookmarks = query["allowWatchBookmarks"] == "true";
        try
        {
            await PumpAsync(context, type, subscription, bookmarks, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client went away, or the server is stopping.
        }
        finally
        {
            store.CloseWatch(subscription);
        }
    }

    private async Task PumpAsync(HttpContext context, ResourceType type, WatchSubscription subscription, bool bookmarks, CancellationToken cancel)
    {
        var reader = subscription.Reader;
        var waiting = reader.WaitToReadAsync(cancel).AsTask();
        // One timer across events, so that a busy stream still gets its bookmarks.
        Task? tick = null;
        while (true)
        {
            if (bookmarks)
            {
                tick ??= Task.Delay(options.BookmarkInterval, cancel);
                if (await Task.WhenAny(waiting, tick).ConfigureAwait(false) == tick)
                {
                    await tick.ConfigureAwait(false);
                    tick = null;
                    // Everything at or below this resourceVersion is already queued for this watch.
                    var current = store.ResourceVersion;
                    await DrainAsync(context, subscription).ConfigureAwait(false);
                    await WriteEventAsync(context, "BOOKMARK", Bookmark(type, current)).ConfigureAwait(false);
                    continue;
                }
            }

            if (!await waiting.ConfigureAwait(false))
            {
                return;
            }

            await DrainAsync(context, subscription).ConfigureAwait(false);
            waiting = reader.WaitToReadAsync(cancel).AsTask();
        }
    }

    private static async Task DrainAsync(HttpContext context, WatchSubscription subscription)
    {
        while (subscription.Reader.TryRead(out var storedEvent))
        {
            await WriteEventAsync(context, storedEvent.Type, storedEvent.Object).ConfigureAwait(false);
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static JsonObject Bookmark(ResourceType type, long resourceVersion) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>Null (or "0") means "send the current state first"; otherwise replay after it.</summary>
    private static long? ParseResourceVersion(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) && rv > 0 ? rv : null;
}
