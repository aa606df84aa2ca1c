namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>The session deadlines that end a slow client's session, besides the idle timeout.</summary>
internal enum DeadlineKind
{
    /// <summary>A command line did not arrive whole within CommandTimeout of its first byte.</summary>
    Command,

    /// <summary>The message did not arrive within DataTimeout plus its size at MinDataRate.</summary>
    Data,

    /// <summary>The TLS handshake after STARTTLS did not finish within TlsHandshakeTimeout.</summary>
    TlsHandshake,
}
