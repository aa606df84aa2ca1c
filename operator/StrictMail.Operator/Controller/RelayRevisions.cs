namespace StrictMail.Operator.Controller;

/// <summary>What the ready relay pods report on their admin /policy: the revision each has applied.</summary>
/// <param name="Applied">One entry per ready relay pod: its applied revision, or null when it did not answer.</param>
internal sealed record RelayRevisions(IReadOnlyList<string?> Applied)
{
    /// <summary>No relay read: for conversions whose statuses are not written (the ConfigMap verifier, a deleted policy, a failed relay read).</summary>
    public static RelayRevisions None { get; } = new([]);

    /// <summary>Ready relay pods.</summary>
    public int Desired => Applied.Count;
}
