namespace StrictMail.Operator.Controller;

/// <summary>What the ready relay pods report on their admin /policy: the revision each has applied.</summary>
/// <param name="Applied">One entry per ready relay pod: its applied revision, or null when it did not answer.</param>
public sealed record RelayRevisions(IReadOnlyList<string?> Applied)
{
    /// <summary>Ready relay pods.</summary>
    public int Desired => Applied.Count;

    /// <summary>Pods that report <paramref name="revision"/>.</summary>
    public int Carrying(string revision) => Applied.Count(r => r == revision);
}
