namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>The time limits of one connection's transport: the wait for any byte, for a whole command line once begun, and for the TLS handshake.</summary>
internal sealed record TransportTimeouts(TimeSpan Idle, TimeSpan Command, TimeSpan TlsHandshake)
{
    /// <summary>The limits the inbound settings give.</summary>
    public static TransportTimeouts From(InboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TransportTimeouts(options.IdleTimeout, options.CommandTimeout, options.TlsHandshakeTimeout);
    }
}
