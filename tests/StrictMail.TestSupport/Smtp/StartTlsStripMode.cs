namespace StrictMail.TestSupport.Smtp;

/// <summary>What a <see cref="StartTlsStripper"/> does to STARTTLS.</summary>
internal enum StartTlsStripMode
{
    /// <summary>Removes STARTTLS from EHLO replies and answers a STARTTLS sent anyway with 502 5.5.1.</summary>
    StripOffer,

    /// <summary>Leaves EHLO alone and answers STARTTLS with 454 4.7.0 without forwarding it.</summary>
    Reject454,

    /// <summary>Forwards every byte both ways, TLS included: the proxy without the attack, for control tests.</summary>
    PassThrough,
}
