using StrictMail.TestSupport;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>The TlsPolicy CRD as written in crds/, parsed once.</summary>
internal sealed class CrdFile
{
    public static readonly string Path = RepoPaths.Of("crds", "tlspolicies.strictmail.io.yaml");

    public static readonly string ExamplesDirectory = RepoPaths.Of("crds", "examples");

    private static readonly Lazy<CrdFile> Loaded = new(() => Parse(File.ReadAllText(Path)));

    private CrdFile(YamlMappingNode root)
    {
        Root = root;
        var version = (YamlMappingNode)((YamlSequenceNode)Spec["versions"]).Single();
        Version = version;
        Schema = new SchemaNode((YamlMappingNode)((YamlMappingNode)version["schema"])["openAPIV3Schema"], string.Empty);
    }

    public static CrdFile TlsPolicy => Loaded.Value;

    /// <summary>The whole document.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>The CRD's own spec (group, names, scope, versions).</summary>
    public YamlMappingNode Spec => (YamlMappingNode)Root["spec"];

    /// <summary>The single entry of spec.versions.</summary>
    public YamlMappingNode Version { get; }

    /// <summary>The openAPIV3Schema of the TlsPolicy object, with path "" (its children are "spec", "status", ...).</summary>
    public SchemaNode Schema { get; }

    /// <summary>Parses a CRD from YAML text (tests feed it broken copies to prove that checks fail).</summary>
    public static CrdFile Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new CrdFile((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    /// <summary>The scalar at a path of mapping keys below <paramref name="map"/>, or null.</summary>
    public static string? Text(YamlMappingNode map, params string[] keys)
    {
        YamlNode node = map;
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return (node as YamlScalarNode)?.Value;
    }

    /// <summary>The scalars of the sequence at a key of <paramref name="map"/>, or an empty list.</summary>
    public static IReadOnlyList<string> Texts(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode list
            ? list.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList()
            : [];
}
