using StrictMail.Policy.Status;
using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Admin;

/// <summary>Builds the body of GET /policy from what the policy store holds.</summary>
internal static class PolicyStatusAnswers
{
    /// <summary>The answer for the store's current state; <paramref name="policyFile"/> is the source until a document was loaded.</summary>
    public static PolicyStatusAnswer From(PolicyState state, string policyFile)
    {
        ArgumentNullException.ThrowIfNull(state);
        var snapshot = state.Snapshot;
        return new PolicyStatusAnswer(
            snapshot?.Document.Revision,
            snapshot?.Document.Policies.Count,
            snapshot?.LoadedAt,
            snapshot?.SourcePath ?? policyFile,
            state.LastError,
            snapshot is not null);
    }
}
