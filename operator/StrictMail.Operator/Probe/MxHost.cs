using System.Net;

namespace StrictMail.Operator.Probe;

/// <summary>One MX host of a domain and its addresses; <paramref name="Problem"/> says why there are none.</summary>
/// <param name="Name">The host name, without the trailing dot.</param>
/// <param name="Addresses">Its IPv4 then IPv6 addresses.</param>
/// <param name="Problem">Why the address lookup found nothing, or null.</param>
internal sealed record MxHost(string Name, IReadOnlyList<IPAddress> Addresses, string? Problem = null);
