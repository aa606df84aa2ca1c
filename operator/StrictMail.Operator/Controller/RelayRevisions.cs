namespace StrictMail.Operator.Controller;

/// <summary>What the ready relay pods report on their admin /policy: the revision each has applied.</summary>
/// <param name="Applied">One entry per ready relay pod: its applied revision, or null when it did not answer.</param>
internal sealed record RelayRevisions(IReadOnlyList<string?> Applied)
{
    /// <summary>No relay read (the ConfigMap verifier converts without them; it writes no status).</summary>
    public static RelayRevisions None { get; } = new([]);

    /// <summary>Ready relay pods.</summary>
    public int Desired => Applied.Count;
}
