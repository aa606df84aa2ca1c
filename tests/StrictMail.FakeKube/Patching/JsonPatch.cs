using System.Globalization;
using System.Text.Json.Nodes;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test, applied in order.</summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        var root = (JsonObject)target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = (string?)operation["op"];
            var path = (string?)operation["path"] ?? throw ApiErrors.BadRequest("json patch operation without a path");
            switch (op)
            {
                case "add":
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Remove(root, From(operation));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Find(root, From(operation))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(root, path), operation["value"]))
                    {
                        throw new KubeApiException(422, "Invalid", $"the json patch test at {path} failed");
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest($"unknown json patch op \"{op}\"; use add, remove, replace, move, copy or test");
            }
        }

        return root;
    }

    private static string From(JsonObject operation) =>
        (string?)operation["from"] ?? throw ApiErrors.BadRequest("json patch move/copy without from");

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string path)
    {
        var tokens = Pointer(path);
        if (tokens.Count == 0)
        {
            throw ApiErrors.BadRequest("json patch on the whole document is not supported");
        }

        JsonNode? node = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            node = Child(node, token);
        }

        return (node ?? throw Missing(path), tokens[^1]);
    }

    private static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var token in Pointer(path))
        {
            node = Child(node, token);
        }

        return node;
    }

    private static JsonNode? Child(JsonNode? node, string token) => node switch
    {
        JsonObject obj => obj[token],
        JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode? Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                var removed = obj[last];
                obj.Remove(last);
                return removed;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count:
                var item = array[i];
                array.RemoveAt(i);
                return item;
            default:
                throw Missing(path);
        }
    }

    private static KubeApiException Missing(string path) =>
        new(422, "Invalid", $"the json patch path {path} does not exist");

    private static List<string> Pointer(string path) =>
        path.Length == 0 ? [] : [.. path.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
}
