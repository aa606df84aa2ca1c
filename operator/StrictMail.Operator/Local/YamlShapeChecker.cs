using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Local;

/// <summary>
/// Checks a YAML document against the C# entity before it is deserialized, so that an unknown
/// field or a list where a name belongs is reported at its own line, as kubectl's strict
/// validation would reject it, instead of being silently dropped.
/// </summary>
internal static class YamlShapeChecker
{
    /// <summary>Problems as (path, line, message); empty when the shape fits.</summary>
    public static IReadOnlyList<(string Path, long Line, string Message)> Check(YamlMappingNode root, Type type, IReadOnlySet<string> skippedTopLevel)
    {
        var problems = new List<(string, long, string)>();
        CheckMapping(root, type, string.Empty, skippedTopLevel, problems);
        return problems;
    }

    private static void CheckNode(YamlNode node, Type type, string path, List<(string, long, string)> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain })
        {
            return;
        }

        if (type == typeof(string) || type == typeof(object) || type.Name.StartsWith("IntOrString", StringComparison.Ordinal) || type.Name == "ResourceQuantity")
        {
            Expect<YamlScalarNode>(node, path, "a single value", problems);
        }
        else if (type == typeof(bool))
        {
            if (Expect<YamlScalarNode>(node, path, "true or false", problems) && ((YamlScalarNode)node).Value is not ("true" or "false" or "True" or "False"))
            {
                problems.Add((path, node.Start.Line, $"'{((YamlScalarNode)node).Value}' is not true or false"));
            }
        }
        else if (type.IsPrimitive || type == typeof(DateTime) || type == typeof(decimal))
        {
            Expect<YamlScalarNode>(node, path, "a single value", problems);
        }
        else if (ElementTypeOf(type) is { } element)
        {
            if (Expect<YamlSequenceNode>(node, path, "a list", problems))
            {
                var items = ((YamlSequenceNode)node).Children;
                for (var i = 0; i < items.Count; i++)
                {
                    CheckNode(items[i], element, $"{path}[{i}]", problems);
                }
            }
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            Expect<YamlMappingNode>(node, path, "a map", problems);
        }
        else if (type.IsClass && Expect<YamlMappingNode>(node, path, "a map of fields", problems))
        {
            CheckMapping((YamlMappingNode)node, type, path, new HashSet<string>(), problems);
        }
    }

    private static void CheckMapping(YamlMappingNode mapping, Type type, string path, IReadOnlySet<string> skipped, List<(string, long, string)> problems)
    {
        var fields = FieldsOf(type);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var fieldPath = path.Length == 0 ? key : $"{path}.{key}";
            if (skipped.Contains(key))
            {
                continue;
            }

            if (!fields.TryGetValue(key, out var property))
            {
                problems.Add((fieldPath, keyNode.Start.Line, $"unknown field; {(path.Length == 0 ? "a document" : path)} has only: {string.Join(", ", fields.Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }

            CheckNode(value, property.PropertyType, fieldPath, problems);
        }
    }

    private static bool Expect<TNode>(YamlNode node, string path, string what, List<(string, long, string)> problems)
        where TNode : YamlNode
    {
        if (node is TNode)
        {
            return true;
        }

        problems.Add((path, node.Start.Line, $"must be {what}"));
        return false;
    }

    private static Dictionary<string, PropertyInfo> FieldsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .GroupBy(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingCamel(p.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string JsonNamingCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static Type? ElementTypeOf(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(ICollection<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return null;
    }
}
