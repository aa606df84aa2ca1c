namespace StrictMail.Relay.Delivery.Routing;

/// <summary>
/// Judges one resolver's answer to the check query (the SOA of a name known to be signed, asked with the DO bit): a
/// validating resolver sets AD; one that does not validate answers without it, and one whose trust anchor is broken
/// answers SERVFAIL. Pure.
/// </summary>
internal static class DnssecCheck
{
    /// <param name="server">The resolver, for the message.</param>
    /// <param name="name">The check name.</param>
    /// <param name="failure">Why the query failed (timeout, SERVFAIL...), or null when it was answered.</param>
    /// <param name="authenticated">The AD bit of the answer.</param>
    public static (bool Validating, string Detail) Judge(string server, string name, string? failure, bool authenticated) =>
        failure is not null
            ? (false, $"the resolver {server} could not resolve the signed check name {name} ({failure}); if it validates, its trust anchor or clock may be wrong")
            : authenticated
                ? (true, $"the resolver {server} authenticated {name} (AD bit set)")
                : (false, $"the resolver {server} answered {name} without the AD bit: it does not validate DNSSEC, so every domain would look unsigned and DANE could protect none");
}
