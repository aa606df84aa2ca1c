using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace StrictMail.Relay.Admin;

/// <summary>Turns the admin URL setting into the one endpoint Kestrel listens on.</summary>
internal static class AdminListenAddress
{
    /// <summary>Parses a URL such as http://0.0.0.0:9464; <paramref name="problem"/> completes "Relay:AdminUrl ..." when it fails.</summary>
    public static bool TryParse(string? url, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        endpoint = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            problem = $"'{url}' is not an absolute http URL; use one such as http://0.0.0.0:9464 (the admin port speaks plain HTTP).";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = $"'{url}' has a path, query or user name; give only scheme, host and port, such as http://0.0.0.0:9464.";
            return false;
        }

        if (!TryAddress(uri, out var address))
        {
            problem = $"'{url}' names host '{uri.Host}'; use an IP address (0.0.0.0 for every interface) or localhost.";
            return false;
        }

        endpoint = new IPEndPoint(address, uri.Port);
        problem = null;
        return true;
    }

    /// <summary>The endpoint of a URL that <see cref="TryParse"/> accepts; the options validator has already refused any other.</summary>
    public static IPEndPoint Parse(string url) =>
        TryParse(url, out var endpoint, out var problem) ? endpoint : throw new ArgumentException("Relay:AdminUrl " + problem, nameof(url));

    private static bool TryAddress(Uri uri, [NotNullWhen(true)] out IPAddress? address)
    {
        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out address);
    }
}
