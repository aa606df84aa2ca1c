using System.Collections.Concurrent;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// A domain's MTA-STS policy as RFC 8461 5.1 and 10.2 have it: the <c>_mta-sts</c> TXT record, then the cache
/// (<see cref="StsCacheFile"/>) and <see cref="StsRefreshDecision"/>: an unchanged id extends the cached policy, a new id
/// (or none cached) fetches, a failed fetch keeps an unexpired cached policy, a missing TXT record does not remove one,
/// mode none removes it. At most one fetch per domain runs at a time; concurrent callers share it. Not yet used by
/// delivery (issue 16).
/// </summary>
internal sealed class StsDiscovery(MxResolver resolver, StsPolicyFetcher fetcher, StsCacheFile cache, TimeProvider clock)
{
    /// <summary>An unchanged id still fetches this long before the cached policy expires, so deliveries rarely wait.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<StsLookup>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Fetches so far (for tests of the cache).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    private int _fetches;

    public async Task<StsLookup> PolicyForAsync(string domain, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var txt = await resolver.TxtAsync("_mta-sts." + domain, cancellation).ConfigureAwait(false);
        var (record, problem) = txt is null ? (null, null) : StsTxtRecord.Parse(txt);
        var cached = cache.Get(domain);
        var now = clock.GetUtcNow();
        switch (StsRefreshDecision.Decide(cached, record?.Id, now, RefreshAhead))
        {
            case StsRefresh.NoPolicy:
                return new StsLookup(null, problem is null ? null : StsFetch.Invalid, problem ?? $"{domain} publishes no MTA-STS policy");
            case StsRefresh.UseCached:
                return new StsLookup(cached, null, $"cached policy {cached!.Id} (no TXT record now{(txt is null ? ": the lookup failed" : string.Empty)})");
            case StsRefresh.Extend:
                var extended = cached! with { ExpiresAt = now + cached.Policy.MaxAge };
                cache.Put(extended);
                return new StsLookup(extended, null, $"cached policy {extended.Id}, id unchanged");
        }

        // One fetch per domain at a time: later callers wait for the one in flight.
        var fetch = _inFlight.GetOrAdd(domain, d => new Lazy<Task<StsLookup>>(() => FetchAsync(d, record!.Id, cached, cancellation)));
        try
        {
            return await fetch.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<StsLookup>>>(domain, fetch));
        }
    }

    private async Task<StsLookup> FetchAsync(string domain, string id, StsCachedPolicy? cached, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _fetches);
        var result = await fetcher.FetchAsync(domain, cancellation).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (result.Policy is null)
        {
            // RFC 8461 5.1: a failed refresh keeps the unexpired cached policy.
            return cached is not null && !cached.Expired(now)
                ? new StsLookup(cached, result.ResultType, $"refresh failed ({result.Detail}); the cached policy {cached.Id} stays")
                : new StsLookup(null, result.ResultType, result.Detail);
        }

        if (result.Policy.Mode == StsMode.None)
        {
            cache.Remove(domain);
            return new StsLookup(null, null, $"{domain} withdrew its MTA-STS policy (mode none)");
        }

        var entry = new StsCachedPolicy(domain, id, result.Policy, now, now + result.Policy.MaxAge);
        cache.Put(entry);
        return new StsLookup(entry, null, result.Detail);
    }
}
