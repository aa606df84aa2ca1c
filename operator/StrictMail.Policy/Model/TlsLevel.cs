namespace StrictMail.Policy.Model;

/// <summary>
/// How much TLS a delivery must have. The numerical order is critical: a higher level is
/// always at least as strict, so "at least Encrypt" is one comparison (as in Postfix's tls_level.c).
/// </summary>
public enum TlsLevel
{
    /// <summary>Never use STARTTLS.</summary>
    None = 0,

    /// <summary>STARTTLS when offered, else plaintext; no certificate check.</summary>
    Opportunistic = 1,

    /// <summary>STARTTLS required; no certificate check.</summary>
    Encrypt = 2,

    /// <summary>STARTTLS required; the certificate or its public key must match a pinned digest.</summary>
    Fingerprint = 3,

    /// <summary>STARTTLS required; trusted chain and a name equal to the MX host name.</summary>
    Verify = 4,

    /// <summary>STARTTLS required; trusted chain and a name in matchNames (default: the recipient domain and its subdomains).</summary>
    Secure = 5,

    /// <summary>STARTTLS required; a DNSSEC-validated TLSA record (usage 2 or 3) must match.</summary>
    DaneOnly = 6,
}
