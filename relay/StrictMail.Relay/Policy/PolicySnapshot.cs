using StrictMail.Policy.Document;
using StrictMail.Policy.Lookup;

namespace StrictMail.Relay.Policy;

/// <summary>One loaded policy document and the index built from it; immutable, so the pair always belongs together.</summary>
internal sealed class PolicySnapshot
{
    public PolicySnapshot(PolicyDocument document, string sourcePath, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
        Index = new PolicyIndex(document);
        SourcePath = sourcePath;
        LoadedAt = loadedAt;
    }

    /// <summary>The validated document.</summary>
    public PolicyDocument Document { get; }

    /// <summary>Domain lookup over <see cref="Document"/>.</summary>
    public PolicyIndex Index { get; }

    /// <summary>When the document was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The file it was read from.</summary>
    public string SourcePath { get; }
}
