using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>
/// One node of a CRD's openAPIV3Schema, read-only, with the dotted path a reader would use
/// ("spec.trustAnchors.key", "spec.domains[]") so that every failure can name its property.
/// </summary>
internal sealed class SchemaNode(YamlMappingNode node, string path)
{
    public string Path { get; } = path;

    public string? Type => Scalar("type");

    public string? Format => Scalar("format");

    public string? Description => Scalar("description");

    public string? Pattern => Scalar("pattern");

    public int? MaxLength => Int("maxLength");

    public int? MinLength => Int("minLength");

    public int? MaxItems => Int("maxItems");

    public int? MinItems => Int("minItems");

    public string? ListType => Scalar("x-kubernetes-list-type");

    /// <summary>The default value, or null when the node has none.</summary>
    public YamlNode? Default => Child("default");

    public IReadOnlyList<string> Required => Strings("required");

    /// <summary>The allowed values, or an empty list when any value is allowed.</summary>
    public IReadOnlyList<string> Enum => Strings("enum");

    public IReadOnlyList<string> ListMapKeys => Strings("x-kubernetes-list-map-keys");

    /// <summary>The properties in file order.</summary>
    public IReadOnlyList<SchemaNode> Properties =>
        Child("properties") is YamlMappingNode properties
            ? properties.Children.Select(p => new SchemaNode((YamlMappingNode)p.Value, Join(Path, ((YamlScalarNode)p.Key).Value!))).ToList()
            : [];

    public SchemaNode? Items => Child("items") is YamlMappingNode items ? new SchemaNode(items, Path + "[]") : null;

    /// <summary>The x-kubernetes-validations (CEL rules) declared on this node.</summary>
    public IReadOnlyList<CelRule> Validations =>
        Child("x-kubernetes-validations") is YamlSequenceNode rules
            ? rules.Cast<YamlMappingNode>().Select(r => new CelRule(
                Path,
                CrdFile.Text(r, "rule") ?? string.Empty,
                CrdFile.Text(r, "message") ?? string.Empty,
                CrdFile.Text(r, "fieldPath"))).ToList()
            : [];

    public SchemaNode? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>The last segment of the path: the JSON property name.</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];

    /// <summary>This node and every node below it (properties and items), depth first.</summary>
    public IEnumerable<SchemaNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Properties.Append(Items).OfType<SchemaNode>())
        {
            foreach (var descendant in child.DescendantsAndSelf())
            {
                yield return descendant;
            }
        }
    }

    public override string ToString() => Path.Length == 0 ? "(root)" : Path;

    /// <summary>"spec" + "level" = "spec.level"; the root's children have no leading dot.</summary>
    public static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private YamlNode? Child(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private string? Scalar(string key) => CrdFile.Text(node, key);

    private int? Int(string key) => Scalar(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private IReadOnlyList<string> Strings(string key) => CrdFile.Texts(node, key);
}
