using StrictMail.Policy.Status;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Policy;

/// <summary>
/// Holds the policy in effect. The whole state is one immutable object in one field, replaced
/// atomically, so a reader sees either the old or the new snapshot, never half a reload.
/// </summary>
internal sealed class PolicyStore : IPolicyGauges
{
    private readonly Lock _writeLock = new();
    private PolicyState _state = PolicyState.Empty;

    /// <summary>The applied snapshot and the last load error, read together.</summary>
    public PolicyState State => Volatile.Read(ref _state);

    /// <summary>The applied snapshot; null until a valid document was loaded.</summary>
    public PolicySnapshot? Current => State.Snapshot;

    public string? AppliedRevision => Current?.Document.Revision;

    /// <summary>Applies a new snapshot and clears the load error: the newest file is the one in use.</summary>
    public void Publish(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_writeLock)
        {
            Volatile.Write(ref _state, new PolicyState(snapshot, null));
        }
    }

    /// <summary>Records why the newest file was refused; the applied snapshot stays.</summary>
    public void RecordError(PolicyLoadError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_writeLock)
        {
            Volatile.Write(ref _state, _state with { LastError = error });
        }
    }
}
