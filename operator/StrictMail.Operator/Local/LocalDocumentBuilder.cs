using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Local;

/// <summary>
/// Compiles the TlsPolicy files of a directory, as <c>operator local</c> does. Any error (bad YAML,
/// unknown field, invalid value) withholds the document, as kubectl apply would refuse the file;
/// domain conflicts are warnings, since the cluster would accept both policies too.
/// </summary>
internal static class LocalDocumentBuilder
{
    public static LocalBuild BuildFromDirectory(string directory)
    {
        var sources = new List<SourcedPolicy>();
        var diagnostics = new List<SourceDiagnostic>();
        foreach (var file in TlsPolicyYamlReader.FilesIn(directory))
        {
            var (policies, fileDiagnostics) = TlsPolicyYamlReader.Read(file, File.ReadAllText(file));
            sources.AddRange(policies);
            diagnostics.AddRange(fileDiagnostics);
        }

        return Build(sources, diagnostics);
    }

    public static LocalBuild Build(IReadOnlyList<SourcedPolicy> sources, List<SourceDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var result = PolicyDocumentBuilder.Build(sources.Select(s => s.Policy));
        for (var i = 0; i < sources.Count; i++)
        {
            var report = result.Reports[i];
            var subject = $"TlsPolicy {report.Name}";
            foreach (var error in report.Errors)
            {
                diagnostics.Add(new(sources[i].Locate(error.Path), subject, error.ToString(), IsError: true));
            }

            foreach (var conflict in report.Conflicts)
            {
                var index = sources[i].Policy.Spec.Domains.IndexOf(conflict.Domain);
                diagnostics.Add(new(sources[i].Locate($"spec.domains[{index}]"), subject, $"spec.domains[{index}]: {conflict}; this policy does not govern it", IsError: false));
            }
        }

        var failed = diagnostics.Any(d => d.IsError);
        var ordered = diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ToList();
        return new LocalBuild(failed ? null : result.Document, ordered);
    }
}
