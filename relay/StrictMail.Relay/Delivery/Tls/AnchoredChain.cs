using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// DANE-TA's chain check (RFC 7672 3.1.2): the leaf must chain, through the certificates the server sent, to the
/// certificate a TLSA record named: each link's issuer name and signature, each certificate below the anchor within
/// its validity period, each issuer a CA. The anchor's own dates are not checked (it is trusted by DNSSEC, not by
/// date). Pure.
/// </summary>
internal static class AnchoredChain
{
    private const int MaxDepth = 8;

    /// <summary>Null when <paramref name="certificate"/>'s leaf chains to <paramref name="anchor"/>, else why not.</summary>
    public static string? Problem(ServerCertificate certificate, X509Certificate2 anchor, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(anchor);
        var current = certificate.Leaf;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (current.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span))
            {
                return null;
            }

            if (now < current.NotBefore.ToUniversalTime() || now > current.NotAfter.ToUniversalTime())
            {
                return $"{current.Subject} is outside its validity period ({current.NotBefore.ToUniversalTime():u} to {current.NotAfter.ToUniversalTime():u})";
            }

            var issuer = certificate.Intermediates.Append(anchor)
                .FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && IsCa(c) && CertificateSignature.IsSignedBy(current, c));
            if (issuer is null)
            {
                return $"no certificate the server sent (or the trust anchor) signed {current.Subject}";
            }

            current = issuer;
        }

        return $"the chain is longer than {MaxDepth} certificates";
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
}
