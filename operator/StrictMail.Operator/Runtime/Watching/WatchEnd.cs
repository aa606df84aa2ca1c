namespace StrictMail.Operator.Runtime.Watching;

/// <summary>How one watch stream ended.</summary>
internal enum WatchEnd
{
    /// <summary>The server closed it (timeoutSeconds, dropped, or empty): resume from the last resourceVersion.</summary>
    Ended,

    /// <summary>410 Gone: the resourceVersion is compacted away; relist.</summary>
    Gone,

    /// <summary>The watchdog saw no event or bookmark for the quiet period.</summary>
    Quiet,

    /// <summary>An ERROR event or a failure: reconnect with backoff.</summary>
    Failed,
}
