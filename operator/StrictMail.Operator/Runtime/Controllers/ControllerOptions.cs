using StrictMail.Operator.Runtime.Watching;

namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>How a <see cref="ControllerHost{TEntity}"/> runs its controller.</summary>
internal sealed class ControllerOptions
{
    /// <summary>The watch (namespaces, timeouts, reconnect backoff).</summary>
    public ResourceWatcherOptions Watch { get; init; } = new();

    /// <summary>Objects reconciled at the same time (never two calls for one object).</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Every object is reconciled again this often, changed or not (catches drift outside the watch).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first retry delay after a failed reconciliation; doubled per consecutive failure.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(2);
}
