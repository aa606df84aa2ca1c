namespace StrictMail.Relay.Delivery;

/// <summary>Why a recipient was not delivered: the bounce reason label and the DSN's wording.</summary>
internal enum FailureKind
{
    /// <summary>Delivered.</summary>
    None,

    /// <summary>The receiving server refused the recipient, the sender or the message.</summary>
    Rejected,

    /// <summary>The TLS policy refused every session.</summary>
    Policy,

    /// <summary>The domain has no place to deliver to (NXDOMAIN, null MX, no address).</summary>
    Unroutable,

    /// <summary>The message itself cannot be sent.</summary>
    Malformed,

    /// <summary>A network, DNS or server problem expected to pass.</summary>
    Temporary,
}
