namespace StrictMail.FakeKube;

/// <summary>How the fake API server behaves where a real one is configured.</summary>
public sealed class FakeKubeOptions
{
    /// <summary>How many past events a watch can resume from; older resourceVersions get 410 Gone.</summary>
    public int HistoryCapacity { get; init; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true receives a BOOKMARK (a real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Refuse (404) to create a namespaced object in a namespace that does not exist, as a real server does.</summary>
    public bool RequireNamespaces { get; init; }

    /// <summary>The clock for creationTimestamp and deletionTimestamp.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
