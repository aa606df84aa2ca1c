using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>What the evaluator needs from a server certificate: the leaf, the intermediates the server sent, its names and digests.</summary>
internal sealed class ServerCertificate
{
    public ServerCertificate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        Leaf = leaf;
        Intermediates = intermediates;
    }

    public X509Certificate2 Leaf { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The DNS names of the subjectAltName extension; the subject CN only when there is no such extension.</summary>
    public IReadOnlyList<string> DnsNames
    {
        get
        {
            var san = Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            if (san is not null)
            {
                return san.EnumerateDnsNames().ToArray();
            }

            var cn = Leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            return string.IsNullOrEmpty(cn) ? [] : [cn];
        }
    }

    /// <summary>The iPAddress entries of the subjectAltName extension (what an IP-literal next hop is checked against).</summary>
    public IReadOnlyList<System.Net.IPAddress> IpAddresses =>
        Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault()?.EnumerateIPAddresses().ToArray() ?? [];

    /// <summary>"sha256:hex" of the whole certificate (DER).</summary>
    public string CertificateDigest => Digest(Leaf.RawData);

    /// <summary>"sha256:hex" of the SubjectPublicKeyInfo, which survives a renewal with the same key.</summary>
    public string PublicKeyDigest => Digest(Leaf.PublicKey.ExportSubjectPublicKeyInfo());

    /// <summary>Builds from what SslStream hands a validation callback.</summary>
    public static ServerCertificate From(X509Certificate certificate, X509Chain? chain)
    {
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = chain?.ChainElements
            .Select(e => e.Certificate)
            .Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            .ToArray() ?? [];
        return new ServerCertificate(leaf, intermediates);
    }

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
