using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Admin;

/// <summary>The body of GET /policy: what the relay applies, and why a newer file was refused.</summary>
/// <param name="Revision">The applied document's revision; null before the first valid document.</param>
/// <param name="Policies">How many policies the applied document holds; null before the first valid document.</param>
/// <param name="LoadedAt">When the applied document was loaded.</param>
/// <param name="Source">The policy file the relay reads.</param>
/// <param name="LastError">Why the newest file was refused; null when the newest file is the one applied.</param>
/// <param name="Ready">Whether a valid document is applied.</param>
internal sealed record PolicyStatusResponse(
    string? Revision,
    int? Policies,
    DateTimeOffset? LoadedAt,
    string Source,
    PolicyLoadError? LastError,
    bool Ready)
{
    /// <summary>The response for the store's current state.</summary>
    public static PolicyStatusResponse From(PolicyState state, string policyFile)
    {
        ArgumentNullException.ThrowIfNull(state);
        var snapshot = state.Snapshot;
        return new PolicyStatusResponse(
            snapshot?.Document.Revision,
            snapshot?.Document.Policies.Count,
            snapshot?.LoadedAt,
            snapshot?.SourcePath ?? policyFile,
            state.LastError,
            snapshot is not null);
    }
}
