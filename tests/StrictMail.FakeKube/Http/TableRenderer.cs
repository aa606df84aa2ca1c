using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>The meta.k8s.io/v1 Table that kubectl get asks for, with the CRD's printer columns.</summary>
internal static class TableRenderer
{
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Render(ResourceType type, IReadOnlyList<JsonObject> items, long resourceVersion)
    {
        var columns = type.PrinterColumns?.OfType<JsonObject>().ToList()
            ?? [new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp" }];
        var definitions = new JsonArray(Column("Name", "string", "name"));
        foreach (var column in columns)
        {
            definitions.Add(Column((string?)column["name"] ?? "", (string?)column["type"] ?? "string", (string?)column["format"] ?? ""));
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray(JsonValue.Create(ObjectMeta.Get(item, "name")));
            foreach (var column in columns)
            {
                cells.Add(Cell(item, (string?)column["jsonPath"] ?? "", (string?)column["type"]));
            }

            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = PartialMetadata(item) });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonObject Column(string name, string type, string format) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = "",
        ["priority"] = 0,
    };

    private static JsonNode? Cell(JsonObject item, string jsonPath, string? type)
    {
        var results = JsonPathExpression.Evaluate(item, jsonPath);
        if (results.Count == 0)
        {
            return null;
        }

        if (type == "date" && DateTimeOffset.TryParse(results[0].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return HumanDuration(DateTimeOffset.UtcNow - time);
        }

        return results.Count == 1 ? results[0].DeepClone() : string.Join(" ", results.Select(r => r.ToString()));
    }

    private static string HumanDuration(TimeSpan age) => age switch
    {
        { TotalMinutes: < 2 } => $"{Math.Max(0, (int)age.TotalSeconds)}s",
        { TotalHours: < 2 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 2 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };

    private static JsonObject PartialMetadata(JsonObject item) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = item["metadata"]?.DeepClone(),
    };
}
