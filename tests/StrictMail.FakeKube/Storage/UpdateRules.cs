using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>How an incoming PUT, PATCH or status write becomes the next stored object.</summary>
internal static class UpdateRules
{
    private static readonly string[] ServerOwnedMetadata =
        ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "name", "namespace"];

    /// <summary>Builds the next object; throws 409 when the caller's resourceVersion is stale.</summary>
    public static JsonObject Next(ResourceType type, JsonObject existing, JsonObject incoming, bool statusOnly)
    {
        var name = ObjectMeta.Get(existing, "name") ?? "";
        var expected = ObjectMeta.Get(incoming, "resourceVersion");
        if (!string.IsNullOrEmpty(expected) && expected != ObjectMeta.Get(existing, "resourceVersion"))
        {
            throw ApiErrors.Conflict(type, name);
        }

        JsonObject next;
        if (statusOnly)
        {
            // The status endpoint changes status and nothing else.
            next = (JsonObject)existing.DeepClone();
            next["status"] = incoming["status"]?.DeepClone();
        }
        else
        {
            next = (JsonObject)incoming.DeepClone();
            if (type.HasStatusSubresource)
            {
                next["status"] = existing["status"]?.DeepClone();
            }

            var metadata = ObjectMeta.Metadata(next);
            var oldMetadata = ObjectMeta.Metadata(existing);
            foreach (var field in ServerOwnedMetadata)
            {
                metadata[field] = oldMetadata[field]?.DeepClone();
            }
        }

        RemoveNulls(ObjectMeta.Metadata(next));
        if (next["status"] is null)
        {
            next.Remove("status");
        }

        next["kind"] = type.Kind;
        next["apiVersion"] = type.ApiVersion;
        if (!SameOutsideMetadataAndStatus(existing, next))
        {
            ObjectMeta.Metadata(next)["generation"] = ObjectMeta.Generation(existing) + 1;
        }

        return next;
    }

    /// <summary>True when the write would change nothing, so the server does not bump resourceVersion.</summary>
    public static bool IsNoOp(JsonObject existing, JsonObject next)
    {
        var a = (JsonObject)existing.DeepClone();
        var b = (JsonObject)next.DeepClone();
        ObjectMeta.Metadata(a).Remove("resourceVersion");
        ObjectMeta.Metadata(b).Remove("resourceVersion");
        return JsonNode.DeepEquals(a, b);
    }

    private static bool SameOutsideMetadataAndStatus(JsonObject a, JsonObject b)
    {
        static JsonObject Strip(JsonObject obj)
        {
            var copy = (JsonObject)obj.DeepClone();
            foreach (var field in (string[])["metadata", "status", "kind", "apiVersion"])
            {
                copy.Remove(field);
            }

            return copy;
        }

        return JsonNode.DeepEquals(Strip(a), Strip(b));
    }

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
        {
            obj.Remove(key);
        }
    }
}
