using System.Net;

namespace StrictMail.Relay.Delivery.Routing;

/// <summary>One host to try: its name (what the certificate is checked against), preference, addresses and port.</summary>
/// <param name="HostName">The MX host name or next hop name, without a trailing dot.</param>
/// <param name="Preference">The MX preference; lower is tried first.</param>
/// <param name="Addresses">Its addresses; empty when the name has none (see <paramref name="Problem"/>).</param>
/// <param name="Port">The SMTP port.</param>
/// <param name="Problem">Why the name has no usable address, for the failure report.</param>
/// <param name="ProblemIsTemporary">True when the address lookup failed (SERVFAIL, timeout) rather than found nothing.</param>
/// <param name="AddressesSecure">True when a trusted validating resolver authenticated every address answer (DNSSEC): DANE may apply.</param>
/// <param name="CanonicalName">The name the host's CNAME chain ends in, when it is an alias; null otherwise.</param>
internal sealed record MxTarget(
    string HostName, int Preference, IReadOnlyList<IPAddress> Addresses, int Port, string? Problem = null, bool ProblemIsTemporary = false, bool AddressesSecure = false, string? CanonicalName = null);
