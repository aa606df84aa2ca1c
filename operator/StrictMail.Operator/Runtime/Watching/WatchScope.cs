namespace StrictMail.Operator.Runtime.Watching;

/// <summary>One list+watch loop: a namespace, or null for all namespaces, and the resourceVersion it resumes from.</summary>
internal sealed class WatchScope
{
    private string? _resourceVersion;

    public WatchScope(string? ns) => Namespace = ns;

    public string? Namespace { get; }

    /// <summary>The last resourceVersion seen by this loop (list, event or bookmark).</summary>
    public string? ResourceVersion
    {
        get => Volatile.Read(ref _resourceVersion);
        set => Volatile.Write(ref _resourceVersion, value);
    }

    /// <summary>True when <paramref name="key"/> ("namespace/name") belongs to this loop.</summary>
    public bool Owns(string key) =>
        Namespace is null || key.StartsWith(Namespace + "/", StringComparison.Ordinal);
}
