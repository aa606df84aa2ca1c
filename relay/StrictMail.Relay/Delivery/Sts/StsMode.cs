namespace StrictMail.Relay.Delivery.Sts;

/// <summary>An MTA-STS policy's mode (RFC 8461 3.2).</summary>
internal enum StsMode
{
    /// <summary>Deliver only over verified TLS to an MX matching the patterns.</summary>
    Enforce,

    /// <summary>Deliver anyway; count (and report) what would have failed.</summary>
    Testing,

    /// <summary>The domain withdrew its policy: remove it.</summary>
    None,
}
