using k8s.Models;
using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Controller;

/// <summary>Every TlsPolicy compiled together: the document's ConfigMap and each policy's report by "namespace/name".</summary>
/// <param name="Fingerprint">What the compilation depended on (names, uids, generations, creation times).</param>
/// <param name="Result">The compiler's document and reports.</param>
/// <param name="ConfigMap">The relay ConfigMap carrying the document.</param>
/// <param name="Reports">Each policy's report, by "namespace/name".</param>
/// <param name="Forms">A hash of each accepted policy's compiled form (what the relays enforce for it), by "namespace/name".</param>
public sealed record CompiledSet(
    string Fingerprint,
    CompileResult Result,
    V1ConfigMap ConfigMap,
    IReadOnlyDictionary<string, PolicyReport> Reports,
    IReadOnlyDictionary<string, string> Forms)
{
    /// <summary>
    /// The first document revision that carried each policy's current compiled form: a policy whose
    /// form did not change keeps its revision when other policies change (so its status does not move).
    /// </summary>
    public IReadOnlyDictionary<string, string> Introduced { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The compiled document's revision.</summary>
    public string Revision => Result.Document.Revision;
}
