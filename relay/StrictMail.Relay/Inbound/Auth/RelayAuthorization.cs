using System.Net;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>The one relay decision, made for every RCPT: a session may relay when it authenticated or its client is in a client network. Pure.</summary>
internal static class RelayAuthorization
{
    /// <summary>True when the session may hand over mail for any recipient.</summary>
    public static bool MayRelay(string? authenticatedUser, IPAddress client, ClientNetworks clientNetworks)
    {
        ArgumentNullException.ThrowIfNull(clientNetworks);
        return authenticatedUser is not null || clientNetworks.Contains(client);
    }
}
