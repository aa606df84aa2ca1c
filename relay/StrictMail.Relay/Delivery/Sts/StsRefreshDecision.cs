namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// RFC 8461 5.1 and 10.2 as one pure decision: a TXT id that did not change extends the cached policy without a
/// fetch; a changed id (or no cached policy) fetches; a missing TXT record or a failed TXT lookup does not remove an
/// unexpired cached policy; a cached policy that is about to expire is fetched again ahead of time (proactive refresh).
/// </summary>
internal static class StsRefreshDecision
{
    /// <param name="cached">The cached policy, or null.</param>
    /// <param name="txtId">The id of the TXT record found now; null when there is none or the lookup failed.</param>
    /// <param name="now">The time.</param>
    /// <param name="refreshAhead">How long before expiry an unchanged id still fetches (at most a quarter of max_age), so deliveries rarely wait.</param>
    public static StsRefresh Decide(StsCachedPolicy? cached, string? txtId, DateTimeOffset now, TimeSpan refreshAhead)
    {
        var usable = cached is not null && !cached.Expired(now);
        if (txtId is null)
        {
            return usable ? StsRefresh.UseCached : StsRefresh.NoPolicy;
        }

        if (!usable || cached!.Id != txtId)
        {
            return StsRefresh.Fetch;
        }

        // A quarter of max_age at most: a short-lived policy would otherwise be fetched on every delivery.
        var ahead = cached.Policy.MaxAge / 4 < refreshAhead ? cached.Policy.MaxAge / 4 : refreshAhead;
        return cached.ExpiresAt - now <= ahead ? StsRefresh.Fetch : StsRefresh.Extend;
    }
}
