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
    public static TlsPlan For(TlsLevel level) => level switch
    {
        TlsLevel.None => new(SecureSocketOptions.None, Required: false, ChecksCertificate: false),
        TlsLevel.Opportunistic => new(SecureSocketOptions.StartTlsWhenAvailable, Required: false, ChecksCertificate: false),
        TlsLevel.Encrypt => new(SecureSocketOptions.StartTls, Required: true, ChecksCertificate: false),
        _ => new(SecureSocketOptions.StartTls, Required: true, ChecksCertificate: true),
    };
}
