using k8s.Models;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>Every TlsPolicy compiled together: the document's ConfigMap and each policy's report by "namespace/name".</summary>
/// <param name="Fingerprint">What the compilation read of the policies (names, uids, generations, creation times).</param>
/// <param name="Settings">What it read besides the policies.</param>
/// <param name="Policies">The policies compiled.</param>
/// <param name="Result">The document builder's document and reports.</param>
/// <param name="ConfigMap">The relay ConfigMap carrying the document.</param>
/// <param name="Reports">Each policy's report, by "namespace/name".</param>
/// <param name="Forms">A hash of each accepted policy's compiled form (what the relays enforce for it), by "namespace/name".</param>
internal sealed record CompiledSet(
    string Fingerprint,
    ConversionSettings Settings,
    IReadOnlyList<TlsPolicy> Policies,
    DocumentBuild Result,
    V1ConfigMap ConfigMap,
    IReadOnlyDictionary<string, PolicyReport> Reports,
    IReadOnlyDictionary<string, string> Forms)
{
    /// <summary>
    /// The first document revision that carried each policy's current compiled form: a policy whose
    /// form did not change keeps its revision when other policies change (so its status does not move).
    /// </summary>
    public IReadOnlyDictionary<string, string> Introduced { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The compiled forms of this and the last few revisions before it.</summary>
    public RevisionHistory History { get; init; } = new();

    /// <summary>The policy cache's version <see cref="Policies"/> came from; null when unknown.</summary>
    public long? PoliciesVersion { get; init; }

    /// <summary>The compiled document's revision.</summary>
    public string Revision => Result.Document.Revision;
}
