using System.Text.Json.Nodes;
using StrictMail.FakeKube.Patching;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>Turns a PATCH body and its content type into a change to the current object.</summary>
internal static class PatchBody
{
    public static Func<JsonObject, JsonObject> For(string? contentType, JsonNode body)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json-patch+json" when body is JsonArray operations => current => JsonPatch.Apply(current, operations),
            // Strategic merge is approximated by a merge patch: lists are replaced, not merged.
            "application/merge-patch+json" or "application/strategic-merge-patch+json"
                when body is JsonObject patch => current => KeepResourceVersionOnlyIfSent((JsonObject)MergePatch.Apply(current, patch)!, patch),
            _ => throw new KubeApiException(415, "UnsupportedMediaType",
                $"the patch content type \"{mediaType}\" is not supported; use application/merge-patch+json or application/json-patch+json"),
        };
    }

    /// <summary>A patch carries a resourceVersion precondition only if the patch itself names one.</summary>
    public static JsonObject KeepResourceVersionOnlyIfSent(JsonObject merged, JsonObject patch)
    {
        if (patch["metadata"]?["resourceVersion"] is null)
        {
            ObjectMeta.Metadata(merged).Remove("resourceVersion");
        }

        return merged;
    }
}
