using k8s;
using StrictMail.Operator.Entities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Local;

/// <summary>
/// Reads the multi-document YAML files a user would <c>kubectl apply</c> and returns the
/// TlsPolicies in them, with a located diagnostic for everything kubectl would refuse.
/// Documents of other kinds are skipped with a warning.
/// </summary>
internal static class TlsPolicyYamlReader
{
    private static readonly HashSet<string> SkippedTopLevel = ["status"];

    /// <summary>Every *.yaml and *.yml file directly in <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<string> FilesIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Reads one file's text; <paramref name="file"/> names it in diagnostics.</summary>
    public static (IReadOnlyList<SourcedPolicy> Policies, IReadOnlyList<SourceDiagnostic> Diagnostics) Read(string file, string text)
    {
        var policies = new List<SourcedPolicy>();
        var diagnostics = new List<SourceDiagnostic>();
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Add(new(new(file, e.Start.Line), string.Empty, $"not valid YAML: {Inner(e).Message}", IsError: true));
            return (policies, diagnostics);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated flow collections; the parser still knows where it was.
            var line = parser.Current?.End.Line ?? 1;
            diagnostics.Add(new(new(file, line), string.Empty, "not valid YAML: a list or map opened with [ or { is not closed", IsError: true));
            return (policies, diagnostics);
        }

        foreach (var document in stream.Documents)
        {
            if (ReadDocument(file, document, diagnostics) is { } policy)
            {
                policies.Add(policy);
            }
        }

        return (policies, diagnostics);
    }

    private static SourcedPolicy? ReadDocument(string file, YamlDocument document, List<SourceDiagnostic> diagnostics)
    {
        var at = new SourceLocation(file, document.RootNode.Start.Line);
        if (document.RootNode is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        if (document.RootNode is not YamlMappingNode root)
        {
            diagnostics.Add(new(at, string.Empty, "a document must be a map with apiVersion, kind, metadata and spec", IsError: true));
            return null;
        }

        var kind = Scalar(root, "kind");
        var apiVersion = Scalar(root, "apiVersion");
        if (kind != TlsPolicy.EntityKind)
        {
            diagnostics.Add(new(at, string.Empty, $"skipped a {kind ?? "document without kind"}: only TlsPolicy documents are compiled", IsError: false));
            return null;
        }

        var subject = $"TlsPolicy {Scalar(root, "metadata", "namespace") ?? "default"}/{Scalar(root, "metadata", "name")}";
        if (apiVersion != TlsPolicy.GroupVersion)
        {
            diagnostics.Add(new(new(file, YamlPathLocator.Line(root, "apiVersion")), subject, $"apiVersion: '{apiVersion}' is not served; use {TlsPolicy.GroupVersion}", IsError: true));
            return null;
        }

        var problems = YamlShapeChecker.Check(root, typeof(TlsPolicy), SkippedTopLevel);
        foreach (var (path, line, message) in problems)
        {
            diagnostics.Add(new(new(file, line), subject, $"{path}: {message}", IsError: true));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        try
        {
            var policy = KubernetesYaml.Deserialize<TlsPolicy>(ToText(document));
            return new SourcedPolicy(policy, file, root);
        }
        catch (YamlException e)
        {
            diagnostics.Add(new(at, subject, $"cannot be read: {Inner(e).Message}", IsError: true));
            return null;
        }
    }

    private static string ToText(YamlDocument document)
    {
        using var writer = new StringWriter();
        new YamlStream(document).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string? Scalar(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return (node as YamlScalarNode)?.Value;
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner && e.Message.Contains("Exception during deserialization", StringComparison.Ordinal) ? inner : e;
}
