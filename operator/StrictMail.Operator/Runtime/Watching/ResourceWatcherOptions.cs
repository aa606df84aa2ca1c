namespace StrictMail.Operator.Runtime.Watching;

/// <summary>How a <see cref="ResourceWatcher{TEntity}"/> watches.</summary>
internal sealed class ResourceWatcherOptions
{
    /// <summary>Namespaces to watch; empty means all namespaces (one cluster-wide watch).</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>timeoutSeconds asked of the server for each watch; the stream then ends and is resumed.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Watchdog: a stream with no event and no bookmark for this long is aborted and resumed (about 3x the bookmark interval).</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The first reconnect delay; doubled per consecutive failure, jittered.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
