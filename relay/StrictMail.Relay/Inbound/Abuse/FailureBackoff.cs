namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>How long a client waits before hearing that its AUTH failed: doubling with each recent failure, up to a ceiling.</summary>
internal static class FailureBackoff
{
    /// <summary>
    /// The delay after the <paramref name="failures"/>-th recent failure from one address: <paramref name="first"/> for the
    /// first, twice that for the second, and so on, never more than <paramref name="ceiling"/>; zero when there was none.
    /// </summary>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan ceiling)
    {
        if (failures <= 0 || first <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // 2^30 seconds is decades: past that the ceiling has long won, and the shift must not overflow.
        var doublings = Math.Min(failures - 1, 30);
        var delay = first.Ticks * (double)(1L << doublings);
        return delay >= ceiling.Ticks ? ceiling : TimeSpan.FromTicks((long)delay);
    }
}
