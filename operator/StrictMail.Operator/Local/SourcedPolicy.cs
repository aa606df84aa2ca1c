using StrictMail.Operator.Entities;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Local;

/// <summary>A TlsPolicy read from a file, with the YAML it came from so errors can name a line.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Root">The document's root mapping.</param>
internal sealed record SourcedPolicy(TlsPolicy Policy, string File, YamlMappingNode Root)
{
    /// <summary>The location of a field path such as "spec.domains[1]", or of its nearest ancestor that exists.</summary>
    public SourceLocation Locate(string path) => new(File, YamlPathLocator.Line(Root, path));
}
