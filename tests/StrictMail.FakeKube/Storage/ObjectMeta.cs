using System.Globalization;
using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Storage;

/// <summary>Typed access to the metadata of a stored JSON object.</summary>
internal static class ObjectMeta
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Get(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long Generation(JsonObject obj) =>
        // A parsed number and one the server set (an int) are both JsonValues; their text is the safe common form.
        obj["metadata"]?["generation"] is JsonValue value
            && long.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) ? generation : 0;

    public static long ResourceVersion(JsonObject obj) =>
        long.TryParse(Get(obj, "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static bool HasFinalizers(JsonObject obj) => obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 };

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>RFC 3339 with whole seconds, as the API server writes timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
