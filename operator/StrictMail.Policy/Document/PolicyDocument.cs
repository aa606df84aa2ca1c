namespace StrictMail.Policy.Document;

/// <summary>
/// The compiled policy document: every accepted TlsPolicy, sorted by name, plus a revision that
/// is a hash of that content. The operator writes it; each relay reads it.
/// </summary>
public sealed record PolicyDocument
{
    /// <summary>The format's version; a relay refuses a document of a version it does not know.</summary>
    public const string CurrentApiVersion = "strictmail.io/v1alpha1";

    /// <summary>The format's version.</summary>
    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <summary>The kind of document, always "PolicyDocument".</summary>
    public string Kind { get; init; } = "PolicyDocument";

    /// <summary>"sha256:" and the first 16 bytes, in hex, of the hash of the policies.</summary>
    public required string Revision { get; init; }

    /// <summary>The accepted policies, sorted by name.</summary>
    public required IReadOnlyList<CompiledPolicy> Policies { get; init; }
}
