namespace StrictMail.Relay.Delivery.Sts;

/// <summary>What to do about a domain's MTA-STS policy given its cached copy and the TXT record just looked up.</summary>
internal enum StsRefresh
{
    /// <summary>Use the cached policy as it is (no TXT record now, or a TXT lookup that failed: RFC 8461 10.2).</summary>
    UseCached,

    /// <summary>The id is unchanged: use the cached policy and extend its life by max_age, without a fetch (RFC 8461 5.1).</summary>
    Extend,

    /// <summary>No usable cached policy, or a new id: fetch; if the fetch fails, keep the unexpired cached one.</summary>
    Fetch,

    /// <summary>Nothing cached and nothing published: the domain has no MTA-STS policy.</summary>
    NoPolicy,
}
