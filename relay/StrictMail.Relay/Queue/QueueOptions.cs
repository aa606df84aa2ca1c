namespace StrictMail.Relay.Queue;

/// <summary>Settings of the durable queue and its scheduler, bound from "Relay:Queue".</summary>
internal sealed class QueueOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Queue";

    /// <summary>The spool directory (incoming, active, deferred, corrupt); empty means StateDirectory/queue.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>Messages delivered at the same time, across all destinations.</summary>
    public int Workers { get; set; } = 20;

    /// <summary>The wait after the first failed attempt; it doubles with each further failure.</summary>
    public TimeSpan MinimalBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaximalBackoff { get; set; } = TimeSpan.FromMinutes(66);

    /// <summary>A message still undelivered this long after it arrived is bounced (a policy's onFailure.bounceAfter can shorten it).</summary>
    public TimeSpan MaximalLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// On shutdown, deliveries already in flight get this long to finish before they are cancelled (a
    /// cancelled one stays in active and is sent again at the next start). Keep it below the host's
    /// shutdown timeout (DOTNET_shutdownTimeoutSeconds, 30 s by default) and the pod's grace period.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the scheduler looks for deferred messages whose time has come.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many damaged messages are kept in corrupt/ for inspection; the oldest are deleted first.</summary>
    public int MaxCorruptMessages { get; set; } = 1000;

    /// <summary>A damaged message is kept in corrupt/ at most this long.</summary>
    public TimeSpan CorruptRetention { get; set; } = TimeSpan.FromDays(30);
}
