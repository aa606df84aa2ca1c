using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StrictMail.FakeKube.Patching;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Selection;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>GET, LIST, WATCH, POST, PUT, PATCH and DELETE on one resource type.</summary>
internal sealed class ResourceEndpoint
{
    private readonly ObjectStore store;
    private readonly WatchStreamer watches;
    private readonly AppliedConfigurations applied = new();

    public ResourceEndpoint(ObjectStore store, WatchStreamer watches)
    {
        this.store = store;
        this.watches = watches;
    }

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestPath path)
    {
        var ns = type.Namespaced ? path.Namespace : null;
        var method = context.Request.Method;
        var statusOnly = path.Subresource == "status";
        var misplaced = type.Namespaced
            ? path.Namespace is null && (method != "GET" || path.Name is not null)
            : path.Namespace is not null;
        if (misplaced || (path.Subresource is not null && (!statusOnly || !type.HasStatusSubresource)))
        {
            throw new KubeApiException(404, "NotFound", $"the server could not find the requested resource ({method} {context.Request.Path})");
        }

        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        bool Selected(JsonObject obj) => labels.Matches(obj) && fields.Matches(obj);
        var watching = context.Request.Query["watch"] is var w && (w == "true" || w == "1");
        switch (method)
        {
            case "GET" when watching:
                await watches.StreamAsync(context, type, ns, path.Name, Selected).ConfigureAwait(false);
                return;
            case "GET" when path.Name is null:
                await ListAsync(context, type, ns, Selected).ConfigureAwait(false);
                return;
            case "GET":
                await RespondAsync(context, 200, type, store.Get(type, ns, path.Name)).ConfigureAwait(false);
                return;
            case "POST" when path.Name is null:
                var created = store.Create(type, ns, await ReadObjectAsync(context).ConfigureAwait(false));
                await RespondAsync(context, 201, type, created).ConfigureAwait(false);
                return;
            case "PUT" when path.Name is not null:
                var replacement = await ReadObjectAsync(context).ConfigureAwait(false);
                CheckName(type, path.Name, replacement);
                RequireResourceVersionForCustom(type, path.Name, replacement);
                await RespondAsync(context, 200, type, store.Update(type, ns, path.Name, _ => replacement, statusOnly)).ConfigureAwait(false);
                return;
            case "PATCH" when path.Name is not null:
                await PatchAsync(context, type, ns, path.Name, statusOnly).ConfigureAwait(false);
                return;
            case "DELETE" when path.Name is not null:
                var options = await ReadOptionalBodyAsync(context).ConfigureAwait(false);
                var (obj, gone) = store.Delete(type, ns, path.Name, DeletePreconditions.From(options));
                var body = gone
                    ? StatusObjects.Deleted(type.Plural, type.Group, path.Name, ObjectMeta.Get(obj, "uid") ?? "")
                    : obj;
                await JsonResponses.WriteAsync(context, 200, body).ConfigureAwait(false);
                return;
            default:
                throw new KubeApiException(405, "MethodNotAllowed", $"{method} is not supported on {context.Request.Path}");
        }
    }

    private async Task ListAsync(HttpContext context, ResourceType type, string? ns, Func<JsonObject, bool> selected)
    {
        var (all, resourceVersion) = store.List(type, ns, selected);
        var (items, continueToken) = ListPage.Take(all, context.Request.Query["limit"], context.Request.Query["continue"]);
        if (TableRenderer.Wanted(context.Request))
        {
            await JsonResponses.WriteAsync(context, 200, TableRenderer.Render(type, items, resourceVersion)).ConfigureAwait(false);
            return;
        }

        var list = new JsonObject
        {
            ["kind"] = type.Kind + "List",
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        };
        if (continueToken is not null)
        {
            list["metadata"]!["continue"] = continueToken;
        }

        await JsonResponses.WriteAsync(context, 200, list).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, ResourceType type, string? ns, string name, bool statusOnly)
    {
        var contentType = context.Request.ContentType;
        var body = await JsonResponses.ReadBodyAsync(context).ConfigureAwait(false);
        if (IsApply(contentType))
        {
            await ApplyAsync(context, type, ns, name, statusOnly, body).ConfigureAwait(false);
            return;
        }

        var patched = store.Update(type, ns, name, PatchBody.For(contentType, body), statusOnly);
        await RespondAsync(context, 200, type, patched).ConfigureAwait(false);
    }

    private async Task ApplyAsync(HttpContext context, ResourceType type, string? ns, string name, bool statusOnly, JsonNode body)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0 || body is not JsonObject configuration)
        {
            throw ApiErrors.BadRequest("server-side apply needs a fieldManager query parameter and a JSON object body");
        }

        JsonObject result;
        var code = 200;
        try
        {
            result = store.Update(type, ns, name, current => PatchBody.KeepResourceVersionOnlyIfSent(
                ApplyPatch.Apply(current, configuration, applied.Get(ObjectMeta.Get(current, "uid") ?? "", manager)), configuration), statusOnly);
        }
        catch (KubeApiException e) when (e.Code == 404 && !statusOnly)
        {
            // Server-side apply creates what does not exist yet.
            result = store.Create(type, ns, configuration);
            code = 201;
        }

        applied.Set(ObjectMeta.Get(result, "uid") ?? "", manager, configuration);
        await RespondAsync(context, code, type, result).ConfigureAwait(false);
    }

    private static bool IsApply(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/apply-patch", StringComparison.OrdinalIgnoreCase);

    private static Task RespondAsync(HttpContext context, int code, ResourceType type, JsonObject obj) =>
        TableRenderer.Wanted(context.Request)
            ? JsonResponses.WriteAsync(context, code, TableRenderer.Render(type, [obj], ObjectMeta.ResourceVersion(obj)))
            : JsonResponses.WriteAsync(context, code, obj);

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await JsonResponses.ReadBodyAsync(context).ConfigureAwait(false) as JsonObject
            ?? throw ApiErrors.BadRequest("the request body must be a JSON object");

    // DELETE may carry DeleteOptions; most clients send none.
    private static async Task<JsonNode?> ReadOptionalBodyAsync(HttpContext context) =>
        context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonResponses.ReadBodyAsync(context).ConfigureAwait(false)
            : null;

    // Custom resources do not allow unconditional updates; built-in ones do.
    private static void RequireResourceVersionForCustom(ResourceType type, string name, JsonObject body)
    {
        if (!BuiltInResources.All.Contains(type) && string.IsNullOrEmpty(ObjectMeta.Get(body, "resourceVersion")))
        {
            throw ApiErrors.Invalid(type, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        }
    }

    private static void CheckName(ResourceType type, string name, JsonObject body)
    {
        var bodyName = ObjectMeta.Get(body, "name");
        if (bodyName is not null && bodyName != name)
        {
            throw new KubeApiException(400, "BadRequest", $"the name of the object ({bodyName}) does not match the name on the URL ({name})", name, type.Group, type.Plural);
        }
    }
}
