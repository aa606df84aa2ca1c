using System.Net.Security;
using System.Security.Authentication;

namespace StrictMail.TestSupport.Smtp;

/// <summary>A TLS session as the server saw it.</summary>
/// <param name="Protocol">The negotiated protocol version.</param>
/// <param name="CipherSuite">The negotiated cipher suite.</param>
/// <param name="SniHostName">The server name the client sent (SNI), or null when it sent none (e.g. it connected to an IP literal).</param>
internal sealed record TlsSessionInfo(SslProtocols Protocol, TlsCipherSuite CipherSuite, string? SniHostName)
{
    public static TlsSessionInfo From(SslStream stream) =>
        new(stream.SslProtocol, stream.NegotiatedCipherSuite, string.IsNullOrEmpty(stream.TargetHostName) ? null : stream.TargetHostName);
}
