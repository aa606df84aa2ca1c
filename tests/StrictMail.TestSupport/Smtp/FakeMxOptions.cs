using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Smtp;

/// <summary>What a <see cref="FakeMxServer"/> offers and how it misbehaves; read once per connection.</summary>
internal sealed record FakeMxOptions
{
    /// <summary>Name in the greeting and the first EHLO line.</summary>
    public string HostName { get; init; } = "mx.partner.test";

    /// <summary>Whether EHLO lists STARTTLS (never after TLS is up).</summary>
    public bool OfferStartTls { get; init; } = true;

    /// <summary>Whether EHLO lists REQUIRETLS (RFC 8689) once TLS is up.</summary>
    public bool OfferRequireTls { get; init; }

    /// <summary>What happens when the client sends STARTTLS.</summary>
    public StartTlsBehavior StartTls { get; init; } = StartTlsBehavior.Handshake;

    /// <summary>The certificate (with private key) presented in the handshake; without one STARTTLS gets 454.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>TLS versions the server accepts; None lets the OS choose (TLS 1.2 and 1.3).</summary>
    public SslProtocols TlsProtocols { get; init; } = SslProtocols.None;

    /// <summary>How long the MX waits after the end of data before it answers (and records the message).</summary>
    public TimeSpan DataReplyDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Full reply lines for RCPT TO of given addresses (case-insensitive), e.g. "550 5.1.1 No such user".</summary>
    public IReadOnlyDictionary<string, string> RecipientReplies { get; init; } = new Dictionary<string, string>();

    /// <summary>Advertised in SIZE; larger DATA gets 552.</summary>
    public long MaxMessageSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>Accept connections and never say anything, not even the greeting (a host that hangs).</summary>
    public bool Silent { get; init; }

    /// <summary>How long the server waits for the next command or data line before closing.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server waits for the TLS handshake to finish.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The reply configured for <paramref name="address"/>, or null to accept it.</summary>
    public string? ReplyFor(string address)
    {
        foreach (var (key, reply) in RecipientReplies)
        {
            if (string.Equals(key, address, StringComparison.OrdinalIgnoreCase))
            {
                return reply;
            }
        }

        return null;
    }
}
