using StrictMail.Policy.Status;

namespace StrictMail.Relay.Policy;

/// <summary>What the store holds: the applied snapshot and the error of a newer file that was refused.</summary>
/// <param name="Snapshot">The last valid document; null until one was loaded.</param>
/// <param name="LastError">Why the newest file was refused; null when the newest file is the one applied.</param>
internal sealed record PolicyState(PolicySnapshot? Snapshot, PolicyLoadError? LastError)
{
    /// <summary>Before anything was read.</summary>
    public static readonly PolicyState Empty = new(null, null);
}
