using System.Collections.Concurrent;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// A domain's MTA-STS policy as RFC 8461 5.1 and 10.2 have it: the <c>_mta-sts</c> TXT record, then the cache
/// (<see cref="StsCacheFile"/>) and <see cref="StsRefreshDecision"/>: an unchanged id extends the cached policy, a new id
/// (or none cached) fetches, a failed fetch keeps an unexpired cached policy, a missing TXT record does not remove one,
/// mode none removes it. At most one fetch per domain runs at a time; concurrent callers share it, and a caller that
/// gives up does not cancel it for the others. A failed fetch is not repeated for the same TXT id for
/// <see cref="RetryFailedFetchAfter"/>, so a broken policy host costs each delivery a TXT lookup, not a fetch timeout.
/// </summary>
internal sealed class StsDiscovery(MxResolver resolver, StsPolicyFetcher fetcher, StsCacheFile cache, TimeProvider clock)
{
    /// <summary>An unchanged id still fetches this long before the cached policy expires (at most a quarter of its max_age), so deliveries rarely wait.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(1);

    /// <summary>How long a failed fetch stands for the same TXT id before the next delivery tries again.</summary>
    public static readonly TimeSpan RetryFailedFetchAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Lazy<Task<StsLookup>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StsFailure> _failures = new(StringComparer.Ordinal);
    private int _fetches;

    /// <summary>Fetches so far (for tests of the cache).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>Every domain with a cached policy or a failed fetch, by name.</summary>
    public IReadOnlyList<StsDomainState> Domains()
    {
        var cached = cache.All().ToDictionary(e => e.Domain, StringComparer.Ordinal);
        return cached.Keys.Union(_failures.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(d => new StsDomainState(d, cached.GetValueOrDefault(d), _failures.GetValueOrDefault(d)))
            .ToArray();
    }

    public Task<StsLookup> PolicyForAsync(string domain, CancellationToken cancellation) => PolicyForAsync(domain, claim: true, cancellation);

    private async Task<StsLookup> PolicyForAsync(string domain, bool claim, CancellationToken cancellation)
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
                // Written only when it gains a step (an hour, or a quarter of max_age): not a file write per delivery.
                var expires = now + cached!.Policy.MaxAge;
                if (expires - cached.ExpiresAt < ExtendStep(cached.Policy.MaxAge))
                {
                    return new StsLookup(cached, null, $"cached policy {cached.Id}, id unchanged");
                }

                var extended = cached with { ExpiresAt = expires };
                cache.Put(extended);
                return new StsLookup(extended, null, $"cached policy {extended.Id}, id unchanged");
        }

        if (_failures.TryGetValue(domain, out var failed) && failed.Id == record!.Id && now - failed.At < RetryFailedFetchAfter)
        {
            var lookup = Fallback(cached, now, failed);
            return claim ? Claim(domain, lookup) : lookup;
        }

        // One fetch per domain at a time: later callers wait for the one in flight, which no single caller cancels.
        var fetch = _inFlight.GetOrAdd(domain, d => new Lazy<Task<StsLookup>>(() => FetchAsync(d, record!.Id, cached)));
        var fetched = await fetch.Value.WaitAsync(cancellation).ConfigureAwait(false);
        return claim ? Claim(domain, fetched) : fetched;
    }

    /// <summary>
    /// Refreshes, in the background, every cached policy due within <paramref name="horizon"/> (see <see cref="StsRefresher"/>),
    /// so the delivery that would otherwise meet the expiry does not wait on the fetch. Returns how many domains were looked at.
    /// </summary>
    public async Task<int> RefreshDueAsync(TimeSpan horizon, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var due = cache.All().Where(e => e.ExpiresAt - now <= horizon + RefreshAhead).ToArray();
        foreach (var entry in due)
        {
            await PolicyForAsync(entry.Domain, claim: false, cancellation).ConfigureAwait(false);
        }

        return due.Length;
    }

    private async Task<StsLookup> FetchAsync(string domain, string id, StsCachedPolicy? cached)
    {
        Interlocked.Increment(ref _fetches);
        StsFetch result;
        try
        {
            // The fetcher's own timeout bounds it (Relay:Delivery:MtaStsFetchTimeout).
            result = await fetcher.FetchAsync(domain, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // The fetch in flight is this one: the next caller starts a new one.
            _inFlight.TryRemove(domain, out _);
        }

        var now = clock.GetUtcNow();
        if (result.Policy is null)
        {
            var failure = new StsFailure(id, now, result.ResultType!, result.Detail);
            _failures[domain] = failure;
            return Fallback(cached, now, failure);
        }

        _failures.TryRemove(domain, out _);
        if (result.Policy.Mode == StsMode.None)
        {
            cache.Remove(domain);
            return new StsLookup(null, null, $"{domain} withdrew its MTA-STS policy (mode none)");
        }

        var entry = new StsCachedPolicy(domain, id, result.Policy, now, now + result.Policy.MaxAge);
        cache.Put(entry);
        return new StsLookup(entry, null, result.Detail);
    }

    private static TimeSpan ExtendStep(TimeSpan maxAge) => maxAge / 4 < TimeSpan.FromHours(1) ? maxAge / 4 : TimeSpan.FromHours(1);

    // RFC 8461 5.1: a failed refresh keeps the unexpired cached policy.
    private static StsLookup Fallback(StsCachedPolicy? cached, DateTimeOffset now, StsFailure failure) =>
        cached is not null && !cached.Expired(now)
            ? new StsLookup(cached, failure.ResultType, $"refresh failed ({failure.Detail}); the cached policy {cached.Id} stays")
            : new StsLookup(null, failure.ResultType, failure.Detail);

    // The first delivery to meet a failure counts it; the others (and later ones within RetryFailedFetchAfter) do not.
    private StsLookup Claim(string domain, StsLookup lookup)
    {
        if (lookup.ResultType is null || !_failures.TryGetValue(domain, out var failure) || failure.Counted)
        {
            return lookup;
        }

        return _failures.TryUpdate(domain, failure with { Counted = true }, failure) ? lookup with { FirstToMeetFailure = true } : lookup;
    }
}
