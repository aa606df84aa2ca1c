using StrictMail.Policy.Document;

namespace StrictMail.Relay.Policy;

/// <summary>The pure part of a reload: given what was read and what was read last time, what to do.</summary>
/// <param name="Action">Apply, reject or ignore.</param>
/// <param name="Fingerprint">The fingerprint of this read, to compare the next read with.</param>
/// <param name="Document">The document to apply, for <see cref="PolicyLoadAction.Apply"/>.</param>
/// <param name="Problem">What is wrong, for <see cref="PolicyLoadAction.Reject"/>.</param>
internal sealed record PolicyLoadDecision(PolicyLoadAction Action, string Fingerprint, PolicyDocument? Document, string? Problem)
{
    /// <summary>Decides what to do with <paramref name="read"/>; a read equal to the last one changes nothing, so a broken file is reported once.</summary>
    public static PolicyLoadDecision Decide(PolicyFileRead read, string? lastFingerprint, int maxDocumentBytes = PolicyDecoder.MaxDocumentBytes)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (string.Equals(read.Fingerprint, lastFingerprint, StringComparison.Ordinal))
        {
            return new(PolicyLoadAction.Unchanged, read.Fingerprint, null, null);
        }

        if (read.Bytes is null)
        {
            return new(PolicyLoadAction.Reject, read.Fingerprint, null, read.Problem);
        }

        try
        {
            return new(PolicyLoadAction.Apply, read.Fingerprint, PolicyDecoder.Decode(read.Bytes, maxDocumentBytes), null);
        }
        catch (PolicyDocumentException e)
        {
            return new(PolicyLoadAction.Reject, read.Fingerprint, null, e.Message);
        }
    }
}
