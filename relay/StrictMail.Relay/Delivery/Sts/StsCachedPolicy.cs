namespace StrictMail.Relay.Delivery.Sts;

/// <summary>A domain's MTA-STS policy as cached: the id it was published under, when it was fetched and until when it holds.</summary>
/// <param name="Domain">The recipient domain, lower case.</param>
/// <param name="Id">The TXT record's id at the fetch.</param>
/// <param name="Policy">The policy.</param>
/// <param name="FetchedAt">When it was fetched.</param>
/// <param name="ExpiresAt">FetchedAt (or the last time the TXT id was seen unchanged) plus max_age.</param>
internal sealed record StsCachedPolicy(string Domain, string Id, StsPolicy Policy, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt)
{
    public bool Expired(DateTimeOffset now) => now >= ExpiresAt;
}
