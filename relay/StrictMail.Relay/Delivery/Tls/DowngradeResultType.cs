namespace StrictMail.Relay.Delivery.Tls;

/// <summary>The RFC 8460 (SMTP TLS Reporting) result types, used as the result_type metric label.</summary>
internal static class DowngradeResultType
{
    /// <summary>STARTTLS not offered, or the STARTTLS command refused (e.g. 454).</summary>
    public const string StarttlsNotSupported = "starttls-not-supported";

    /// <summary>No certificate name matches what the policy requires.</summary>
    public const string CertificateHostMismatch = "certificate-host-mismatch";

    /// <summary>The certificate (or one in its chain) is expired or not yet valid.</summary>
    public const string CertificateExpired = "certificate-expired";

    /// <summary>The chain does not lead to a trusted root, or no pinned digest matches.</summary>
    public const string CertificateNotTrusted = "certificate-not-trusted";

    /// <summary>Any other TLS failure: handshake failure, protocol below the floor.</summary>
    public const string ValidationFailure = "validation-failure";

    /// <summary>The policy needs DANE and no usable TLSA records were found.</summary>
    public const string DaneRequired = "dane-required";

    /// <summary>DNSSEC-signed TLSA records exist for the MX host and none matches its certificate chain.</summary>
    public const string TlsaInvalid = "tlsa-invalid";

    /// <summary>The DNSSEC lookup of a signed host's TLSA records failed or was bogus.</summary>
    public const string DnssecInvalid = "dnssec-invalid";
}
