using MailKit.Security;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// How a level is spoken to MailKit. Where TLS is required only <see cref="SecureSocketOptions.StartTls"/>
/// is used: Auto and StartTlsWhenAvailable fall back to plaintext without a word.
/// </summary>
/// <param name="Socket">The MailKit connection option.</param>
/// <param name="Required">True when a session without TLS must never carry the message.</param>
/// <param name="ChecksCertificate">True when the certificate decision can refuse the session.</param>
internal sealed record TlsPlan(SecureSocketOptions Socket, bool Required, bool ChecksCertificate)
{
    /// <summary>The plan for <paramref name="level"/>; with <paramref name="dane"/> TLSA records the certificate is always checked.</summary>
    public static TlsPlan For(TlsLevel level, bool dane = false)
    {
        var plan = ForLevel(level);
        return dane ? plan with { Socket = SecureSocketOptions.StartTls, Required = true, ChecksCertificate = true } : plan;
    }

    private static TlsPlan ForLevel(TlsLevel level) => level switch
    {
        TlsLevel.None => new(SecureSocketOptions.None, Required: false, ChecksCertificate: false),
        TlsLevel.Opportunistic => new(SecureSocketOptions.StartTlsWhenAvailable, Required: false, ChecksCertificate: false),
        TlsLevel.Encrypt => new(SecureSocketOptions.StartTls, Required: true, ChecksCertificate: false),
        _ => new(SecureSocketOptions.StartTls, Required: true, ChecksCertificate: true),
    };
}
