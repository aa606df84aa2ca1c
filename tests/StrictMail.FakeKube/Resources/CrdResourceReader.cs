using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Resources;

/// <summary>Reads the served resource types out of a stored CustomResourceDefinition.</summary>
internal static class CrdResourceReader
{
    public static IEnumerable<ResourceType> Read(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        if (spec is null || names is null || spec["versions"] is not JsonArray versions)
        {
            yield break;
        }

        var group = (string?)spec["group"] ?? "";
        var plural = (string?)names["plural"] ?? "";
        var kind = (string?)names["kind"] ?? "";
        var singular = (string?)names["singular"] ?? kind.ToLowerInvariant();
        var namespaced = (string?)spec["scope"] != "Cluster";
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && !served.GetValue<bool>())
            {
                continue;
            }

            var hasStatus = version["subresources"]?["status"] is not null;
            yield return new ResourceType(
                group, (string?)version["name"] ?? "", plural, singular, kind, namespaced, hasStatus,
                shortNames, categories, version["additionalPrinterColumns"] as JsonArray);
        }
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => (string?)n ?? "")] : [];
}
