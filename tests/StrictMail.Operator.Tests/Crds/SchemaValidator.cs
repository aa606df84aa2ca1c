using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>
/// Checks a YAML object against a CRD schema node the way the API server's structural validation
/// does for what this CRD uses: types, unknown fields, required, enum, pattern, lengths, list sizes
/// and set uniqueness. CEL rules are not evaluated here; the C# validator covers them.
/// </summary>
internal static partial class SchemaValidator
{
    /// <summary>Every violation, as "path: what is wrong" with paths like "spec.fingerprints[0]".</summary>
    public static List<string> Validate(YamlNode value, SchemaNode schema)
    {
        var errors = new List<string>();
        Check(value, schema, string.Empty, errors);
        return errors;
    }

    private static void Check(YamlNode value, SchemaNode schema, string path, List<string> errors)
    {
        switch (schema.Type)
        {
            case "object":
                CheckObject(value, schema, path, errors);
                break;
            case "array":
                CheckArray(value, schema, path, errors);
                break;
            case "string":
                CheckString(value, schema, path, errors);
                break;
            case "boolean":
                CheckScalar(value, path, "a boolean", t => t is "true" or "false", errors);
                break;
            case "integer":
                CheckScalar(value, path, "an integer", t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), errors);
                break;
            default:
                errors.Add($"{Name(path)}: the schema has type '{schema.Type}', which SchemaValidator does not know");
                break;
        }
    }

    private static void CheckObject(YamlNode value, SchemaNode schema, string path, List<string> errors)
    {
        if (value is not YamlMappingNode map)
        {
            errors.Add($"{Name(path)}: expected an object");
            return;
        }

        var properties = schema.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (properties.Count == 0)
        {
            return; // metadata: the API server validates it itself.
        }

        foreach (var (key, child) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (properties.TryGetValue(name, out var property))
            {
                Check(child, property, SchemaNode.Join(path, name), errors);
            }
            else
            {
                errors.Add($"{SchemaNode.Join(path, name)}: unknown field; the API server would drop it (allowed: {string.Join(", ", properties.Keys)})");
            }
        }

        foreach (var required in schema.Required.Where(r => !map.Children.ContainsKey(new YamlScalarNode(r))))
        {
            errors.Add($"{SchemaNode.Join(path, required)}: required");
        }
    }

    private static void CheckArray(YamlNode value, SchemaNode schema, string path, List<string> errors)
    {
        if (value is not YamlSequenceNode list)
        {
            errors.Add($"{Name(path)}: expected a list");
            return;
        }

        var items = list.Children;
        if (items.Count < (schema.MinItems ?? 0) || items.Count > (schema.MaxItems ?? int.MaxValue))
        {
            errors.Add($"{Name(path)}: has {items.Count} entries; allowed {schema.MinItems ?? 0} to {schema.MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "any"}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            Check(items[i], schema.Items!, itemPath, errors);
            if (schema.ListType == "set" && items[i] is YamlScalarNode { Value: { } text } && !seen.Add(text))
            {
                errors.Add($"{itemPath}: '{text}' is listed twice in a set");
            }
        }
    }

    private static void CheckString(YamlNode value, SchemaNode schema, string path, List<string> errors)
    {
        if (!CheckScalar(value, path, "a string", _ => true, errors))
        {
            return;
        }

        var scalar = (YamlScalarNode)value;
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style == ScalarStyle.Plain && NonString().IsMatch(text))
        {
            errors.Add($"{Name(path)}: '{text}' is read as a number, boolean or null; quote it");
        }

        if (schema.Enum.Count > 0 && !schema.Enum.Contains(text, StringComparer.Ordinal))
        {
            errors.Add($"{Name(path)}: '{text}' is not one of {string.Join(", ", schema.Enum)}");
        }

        // .NET's '$' also matches before a final newline; the API server's does not.
        if (schema.Pattern is { } pattern && (text.EndsWith('\n') || !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))))
        {
            errors.Add($"{Name(path)}: '{text}' does not match {pattern}");
        }

        if (text.Length < (schema.MinLength ?? 0) || text.Length > (schema.MaxLength ?? int.MaxValue))
        {
            errors.Add($"{Name(path)}: '{text}' has {text.Length} characters; allowed {schema.MinLength ?? 0} to {schema.MaxLength}");
        }

        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{Name(path)}: '{text}' is not an RFC 3339 date-time");
        }
    }

    private static bool CheckScalar(YamlNode value, string path, string expected, Func<string, bool> accepts, List<string> errors)
    {
        if (value is YamlScalarNode { Value: { } text } && accepts(text))
        {
            return true;
        }

        errors.Add($"{Name(path)}: expected {expected}");
        return false;
    }

    private static string Name(string path) => path.Length == 0 ? "(root)" : path;

    [GeneratedRegex("^(|null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)$")]
    private static partial Regex NonString();
}
