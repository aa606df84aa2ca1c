namespace StrictMail.Relay.Queue;

/// <summary>Exponential backoff between delivery attempts, as Postfix does it: minimal, doubled per failure, capped.</summary>
internal static class Backoff
{
    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts (1 or more).</summary>
    public static TimeSpan After(int failedAttempts, TimeSpan minimal, TimeSpan maximal)
    {
        var delay = minimal;
        for (var i = 1; i < failedAttempts && delay < maximal; i++)
        {
            delay += delay;
        }

        return delay < maximal ? delay : maximal;
    }
}
