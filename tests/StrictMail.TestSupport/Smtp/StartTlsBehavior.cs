namespace StrictMail.TestSupport.Smtp;

/// <summary>How <see cref="FakeMxServer"/> answers a STARTTLS command it offered.</summary>
internal enum StartTlsBehavior
{
    /// <summary>220, then a real TLS handshake with the configured certificate.</summary>
    Handshake,

    /// <summary>454 4.7.0: TLS temporarily unavailable; the session goes on in plaintext.</summary>
    Reject454,

    /// <summary>220, then the connection is closed before any TLS byte.</summary>
    CloseAfterReady,

    /// <summary>220, then bytes that are not TLS, then the connection is closed.</summary>
    GarbageAfterReady,
}
