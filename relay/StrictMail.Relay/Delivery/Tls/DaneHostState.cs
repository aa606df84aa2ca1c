namespace StrictMail.Relay.Delivery.Tls;

/// <summary>What DNSSEC says about DANE for one MX host (RFC 7672 2.2).</summary>
internal enum DaneHostState
{
    /// <summary>No DANE: the host's addresses are not signed, or it publishes no TLSA (securely).</summary>
    NotApplicable,

    /// <summary>DNSSEC cannot be judged here: no trusted validating resolver, or the trusted resolvers do not validate now.</summary>
    Unavailable,

    /// <summary>Signed TLSA records, at least one usable: the certificate must match one.</summary>
    Usable,

    /// <summary>Signed TLSA records, none usable: TLS is mandatory, the certificate is not authenticated (RFC 7672 2.2).</summary>
    Unusable,

    /// <summary>The TLSA lookup of a signed host failed or was bogus: the host must not be used (never a fallback).</summary>
    Failed,
}
