namespace StrictMail.Operator.Compilation;

/// <summary>What the compiler decided about one TlsPolicy: the source of its Accepted and Conflict conditions.</summary>
public sealed record PolicyReport
{
    /// <summary>"namespace/name".</summary>
    public required string Name { get; init; }

    /// <summary>Field problems; any problem keeps the whole policy out of the document.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>Settings the policy's namespace may not use (see <see cref="NamespacePermissions"/>); any keeps the whole policy out of the document.</summary>
    public IReadOnlyList<FieldError> Forbidden { get; init; } = [];

    /// <summary>Domains lost to older policies; the policy still governs its other domains.</summary>
    public IReadOnlyList<DomainConflict> Conflicts { get; init; } = [];

    /// <summary>True when the policy is valid and permitted (it may still have conflicts).</summary>
    public bool Accepted => Errors.Count == 0 && Forbidden.Count == 0;

    /// <summary>True when the policy is valid but uses settings its namespace may not.</summary>
    public bool NotPermitted => Errors.Count == 0 && Forbidden.Count > 0;
}
