using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Http;

/// <summary>
/// The JSONPath subset that CRD additionalPrinterColumns use: .field, [N], [*] and
/// [?(@.field=="value")] filters.
/// </summary>
internal static partial class JsonPathExpression
{
    public static IReadOnlyList<JsonNode> Evaluate(JsonNode root, string path)
    {
        IEnumerable<JsonNode> current = [root];
        foreach (Match step in Step().Matches(path.Trim().TrimStart('{').TrimEnd('}')))
        {
            current = step switch
            {
                _ when step.Groups["field"].Success => current.Select(n => n is JsonObject o ? o[step.Groups["field"].Value] : null).OfType<JsonNode>(),
                _ when step.Groups["index"].Success => current.Select(n => Index(n, step.Groups["index"].Value)).OfType<JsonNode>(),
                _ when step.Groups["all"].Success => current.SelectMany(Children),
                _ => current.SelectMany(Children).Where(n => Filter(n, step.Groups["key"].Value, step.Groups["value"].Value)),
            };
        }

        return [.. current];
    }

    private static IEnumerable<JsonNode> Children(JsonNode node) => node switch
    {
        JsonArray a => a.OfType<JsonNode>(),
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    private static JsonNode? Index(JsonNode node, string index) =>
        node is JsonArray a && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count ? a[i] : null;

    private static bool Filter(JsonNode node, string key, string value)
    {
        JsonNode? field = node;
        foreach (var part in key.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            field = field is JsonObject o ? o[part] : null;
        }

        return field is JsonValue v && v.ToString() == value;
    }

    [GeneratedRegex("""\.(?<field>[A-Za-z0-9_\-]+)|\[(?<index>\d+)\]|\[(?<all>\*)\]|\[\?\(@(?<key>[.A-Za-z0-9_\-]+)\s*==\s*["'](?<value>[^"']*)["']\)\]""")]
    private static partial Regex Step();
}
