using System.Net;
using System.Net.Sockets;

namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>
/// The address a client is counted under: an IPv4 address as it is, an IPv6 address by its /64 network (one subscriber
/// holds a whole /64, as Postfix's smtpd_client_ipv6_prefix_length assumes), so a client cannot escape the per-client
/// limits by moving through its own prefix.
/// </summary>
internal static class ClientKey
{
    /// <summary>The IPv6 prefix length clients are grouped by.</summary>
    public const int Ipv6PrefixLength = 64;

    public static IPAddress Of(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.AddressFamily != AddressFamily.InterNetworkV6 || client.IsIPv4MappedToIPv6)
        {
            return client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        }

        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, Ipv6PrefixLength / 8, bytes.Length - (Ipv6PrefixLength / 8));
        return new IPAddress(bytes);
    }
}
