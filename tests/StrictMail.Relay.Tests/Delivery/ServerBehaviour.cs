namespace StrictMail.Relay.Tests.Delivery;

/// <summary>What the receiving MX (or the network in front of it) does, for the level x behaviour matrix.</summary>
public enum ServerBehaviour
{
    /// <summary>EHLO does not offer STARTTLS.</summary>
    NoStartTls,

    /// <summary>STARTTLS is offered but answered 454.</summary>
    Reject454,

    /// <summary>STARTTLS is answered 220, then the TLS handshake breaks.</summary>
    HandshakeFailure,

    /// <summary>A self-signed certificate for the right names.</summary>
    Untrusted,

    /// <summary>An expired certificate from the trusted CA for the right names.</summary>
    Expired,

    /// <summary>A certificate from the trusted CA for another host.</summary>
    WrongName,

    /// <summary>A valid certificate from the trusted CA for mx.partner.test and partner.test.</summary>
    Good,
}
