namespace StrictMail.Relay.Delivery;

/// <summary>How the session that carried (or refused) the message was protected.</summary>
/// <param name="MxHost">The MX host name (or next hop) that was authenticated.</param>
/// <param name="Address">The address connected to.</param>
/// <param name="Protocol">"TLSv1.3", "TLSv1.2", or "none" for plaintext.</param>
/// <param name="Cipher">The cipher suite, or null in plaintext.</param>
/// <param name="VerifiedIdentity">The certificate name or pin that satisfied the policy; null when nothing was verified.</param>
/// <param name="DaneAuthenticated">True when the certificate matched the host's DNSSEC-signed TLSA records.</param>
internal sealed record TlsFacts(string MxHost, string Address, string Protocol, string? Cipher, string? VerifiedIdentity, bool DaneAuthenticated = false)
{
    /// <summary>The protocol label for a plaintext session.</summary>
    public const string Plaintext = "none";

    /// <summary>The level label of a delivery whose certificate DANE authenticated.</summary>
    public const string DaneLevel = "Dane";

    /// <summary>The level label of a delivery whose level the recipient's enforced MTA-STS policy raised (to Verify).</summary>
    public const string MtaStsLevel = "MtaSts";
}
