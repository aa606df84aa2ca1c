using System.Collections.Concurrent;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// A domain's MTA-STS policy as RFC 8461 5.1 and 10.2 have it: the <c>_mta-sts</c> TXT record, then the cache
/// (<see cref="StsCacheFile"/>) and <see cref="StsRefreshDecision"/>: an unchanged id extends the cached policy, a new id
/// (or none cached) fetches, a failed fetch keeps an unexpired cached policy (and extends it while the id is unchanged),
/// a missing TXT record does not remove one, mode none removes it. At most one fetch per domain runs at a time;
/// concurrent callers share it, and a caller that gives up does not cancel it for the others. A failed fetch (or an
/// invalid TXT record) is not repeated for the same TXT id for <see cref="RetryFailedFetchAfter"/>, so a broken policy
/// host costs each delivery a TXT lookup, not a fetch timeout, and it is counted once, by the first delivery to meet it.
/// </summary>
internal sealed class StsDiscovery(MxResolver resolver, StsPolicyFetcher fetcher, StsCacheFile cache, TimeProvider clock)
{
    /// <summary>An unchanged id still fetches this long before the cached policy expires (at most a quarter of its max_age), so deliveries rarely wait.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(1);

    /// <summary>How long a failed fetch stands for the same TXT id before the next delivery tries again.</summary>
    public static readonly TimeSpan RetryFailedFetchAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long a failure is remembered for <c>GET /mta-sts</c>; at most <see cref="MaxFailures"/> domains are.</summary>
    public static readonly TimeSpan FailureMemory = TimeSpan.FromDays(1);

    /// <summary>At most this many domains' last failures are kept (the oldest go first).</summary>
    public const int MaxFailures = 10_000;

    // The failure memo's id for a TXT record that is there but invalid.
    private const string InvalidTxt = "(invalid TXT record)";

    private readonly ConcurrentDictionary<string, Lazy<Task<StsLookup>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StsFailure> _failures = new(StringComparer.Ordinal);
    private int _fetches;

    /// <summary>Fetches so far (for tests of the cache).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>Every domain with a cached policy or a remembered failure, by name.</summary>
    public IReadOnlyList<StsDomainState> Domains()
    {
        var cached = cache.All().ToDictionary(e => e.Domain, StringComparer.Ordinal);
        return cached.Keys.Union(_failures.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(d => new StsDomainState(d, cached.GetValueOrDefault(d), _failures.GetValueOrDefault(d)))
            .ToArray();
    }

    public Task<StsLookup> PolicyForAsync(string domain, CancellationToken cancellation) => PolicyForAsync(domain, claim: true, cancellation);

    /// <summary>
    /// Refreshes, in the background, every unexpired cached policy due within <paramref name="horizon"/> (see <see cref="StsRefresher"/>),
    /// so the delivery that would otherwise meet the expiry does not wait on the fetch; forgets expired policies and old failures.
    /// Returns how many domains were looked at.
    /// </summary>
    public async Task<int> RefreshDueAsync(TimeSpan horizon, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        cache.RemoveExpired(now);
        foreach (var (domain, failure) in _failures)
        {
            if (now - failure.At >= FailureMemory)
            {
                _failures.TryRemove(new KeyValuePair<string, StsFailure>(domain, failure));
            }
        }

        var due = cache.All().Where(e => e.ExpiresAt - now <= horizon + RefreshAhead).ToArray();
        foreach (var entry in due)
        {
            await PolicyForAsync(entry.Domain, claim: false, cancellation).ConfigureAwait(false);
        }

        return due.Length;
    }

    private async Task<StsLookup> PolicyForAsync(string domain, bool claim, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var txt = await resolver.TxtAsync("_mta-sts." + domain, cancellation).ConfigureAwait(false);
        var (record, problem) = txt is null ? (null, null) : StsTxtRecord.Parse(txt);
        var lookup = await LookupAsync(domain, txt is null, record?.Id, problem, cancellation).ConfigureAwait(false);
        return claim ? Claim(domain, lookup) : lookup;
    }

    private async Task<StsLookup> LookupAsync(string domain, bool txtFailed, string? id, string? txtProblem, CancellationToken cancellation)
    {
        var cached = cache.Get(domain);
        var now = clock.GetUtcNow();
        switch (StsRefreshDecision.Decide(cached, id, now, RefreshAhead))
        {
            case StsRefresh.NoPolicy when txtProblem is not null:
                var invalid = RecentFailure(domain, InvalidTxt, now) ?? Remember(domain, new StsFailure(InvalidTxt, now, StsFetch.Invalid, txtProblem));
                return new StsLookup(null, invalid.ResultType, invalid.Detail);
            case StsRefresh.NoPolicy:
                return new StsLookup(null, null, $"{domain} publishes no MTA-STS policy");
            case StsRefresh.UseCached:
                return new StsLookup(cached, null, $"cached policy {cached!.Id} (no TXT record now{(txtFailed ? ": the lookup failed" : string.Empty)})");
            case StsRefresh.Extend:
                // A failed background refresh of this id, not yet counted, is this delivery's to count.
                var pending = _failures.TryGetValue(domain, out var refresh) && refresh.Id == id && !refresh.Counted ? refresh : null;
                return new StsLookup(Extend(cached!, now), pending?.ResultType, pending is null ? $"cached policy {cached!.Id}, id unchanged" : $"cached policy {cached!.Id} stays; its refresh failed ({pending.Detail})");
        }

        if (RecentFailure(domain, id!, now) is { } failed)
        {
            return Fallback(cached, now, failed);
        }

        // One fetch per domain at a time: later callers wait for the one in flight, which no single caller cancels.
        // It leaves the table only once it has recorded its result, so nobody starts a second one in between.
        var mine = new Lazy<Task<StsLookup>>(() => FetchAsync(domain, id!));
        var fetch = _inFlight.GetOrAdd(domain, mine);
        if (ReferenceEquals(fetch, mine))
        {
            _ = mine.Value.ContinueWith(
                _ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<StsLookup>>>(domain, mine)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return await fetch.Value.WaitAsync(cancellation).ConfigureAwait(false);
    }

    private async Task<StsLookup> FetchAsync(string domain, string id)
    {
        // A fetch that finished between this caller's look at the cache and its turn has the last word.
        var now = clock.GetUtcNow();
        var cached = cache.Get(domain);
        if (RecentFailure(domain, id, now) is { } recent)
        {
            return Fallback(cached, now, recent);
        }

        if (cached is not null && StsRefreshDecision.Decide(cached, id, now, RefreshAhead) == StsRefresh.Extend)
        {
            return new StsLookup(cached, null, $"cached policy {cached.Id}, fetched a moment ago");
        }

        Interlocked.Increment(ref _fetches);

        // The fetcher's own timeout bounds the whole fetch, body included (Relay:Delivery:MtaStsFetchTimeout).
        var result = await fetcher.FetchAsync(domain, CancellationToken.None).ConfigureAwait(false);
        now = clock.GetUtcNow();
        if (result.Policy is null)
        {
            var failure = Remember(domain, new StsFailure(id, now, result.ResultType!, result.Detail));

            // RFC 8461 5.1: a failed refresh keeps the unexpired cached policy; an unchanged id (the refresh ahead of
            // expiry) means an unchanged policy, so it is extended rather than left to lapse.
            if (cached is not null && !cached.Expired(now) && cached.Id == id)
            {
                cached = Extend(cached, now);
            }

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

    // Written only when it gains a step (an hour, or a quarter of max_age): not a file write per delivery.
    private StsCachedPolicy Extend(StsCachedPolicy cached, DateTimeOffset now)
    {
        var expires = now + cached.Policy.MaxAge;
        var step = cached.Policy.MaxAge / 4 < TimeSpan.FromHours(1) ? cached.Policy.MaxAge / 4 : TimeSpan.FromHours(1);
        if (expires - cached.ExpiresAt < step)
        {
            return cached;
        }

        var extended = cached with { ExpiresAt = expires };
        cache.Put(extended);
        return extended;
    }

    private StsFailure? RecentFailure(string domain, string id, DateTimeOffset now) =>
        _failures.TryGetValue(domain, out var failure) && failure.Id == id && now - failure.At < RetryFailedFetchAfter ? failure : null;

    private StsFailure Remember(string domain, StsFailure failure)
    {
        _failures[domain] = failure;
        if (_failures.Count > MaxFailures)
        {
            foreach (var old in _failures.OrderBy(f => f.Value.At).Take(_failures.Count - MaxFailures).ToList())
            {
                _failures.TryRemove(old);
            }
        }

        return failure;
    }

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
