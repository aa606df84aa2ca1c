using System.Net;
using System.Net.Sockets;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>The networks whose clients may relay without authenticating. Pure: parsing and matching only.</summary>
internal sealed class ClientNetworks
{
    private readonly IPNetwork[] _networks;

    private ClientNetworks(IPNetwork[] networks) => _networks = networks;

    /// <summary>The parsed networks (IPv4-mapped IPv6 networks are stored as IPv4).</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses CIDR entries ("10.0.0.0/8", "2001:db8::/32", a bare address means /32 or /128); blank entries are ignored.</summary>
    /// <exception cref="FormatException">An entry is not a network, or it is 0.0.0.0/0 or ::/0 (an open relay).</exception>
    public static ClientNetworks Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var networks = new List<IPNetwork>();
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
        {
            var network = TryParseNetwork(entry)
                ?? throw new FormatException($"'{entry}' is not a network in CIDR notation such as 10.0.0.0/8 or fd00::/8");
            if (network.PrefixLength == 0)
            {
                throw new FormatException($"'{entry}' would let every address on the internet relay (an open relay); list your client networks instead");
            }

            networks.Add(network);
        }

        return new ClientNetworks([.. networks]);
    }

    /// <summary>True when <paramref name="client"/> (IPv4-mapped IPv6 addresses count as IPv4) is in one of the networks.</summary>
    public bool Contains(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var address = Normalize(client);
        return _networks.Any(network => network.Contains(address));
    }

    /// <summary>The address as the client would call it: IPv4 for an IPv4-mapped IPv6 address (a dual-mode socket's view).</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPNetwork? TryParseNetwork(string entry)
    {
        if (!entry.Contains('/', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(entry, out var single)
                ? new IPNetwork(Normalize(single), single.IsIPv4MappedToIPv6 || single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                : null;
        }

        if (!IPNetwork.TryParse(entry, out var network))
        {
            return null;
        }

        // "::ffff:10.0.0.0/104" means 10.0.0.0/8 to a client that connected over IPv4.
        return network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;
    }
}
