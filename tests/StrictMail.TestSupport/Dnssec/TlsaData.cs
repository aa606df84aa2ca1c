using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Dnssec;

/// <summary>TLSA association data (RFC 6698) computed from a certificate, and the zone file line that publishes it.</summary>
internal static class TlsaData
{
    /// <summary>Selector 0 the whole certificate, 1 its SubjectPublicKeyInfo; matching 0 the bytes, 1 SHA-256, 2 SHA-512.</summary>
    public static byte[] For(X509Certificate2 certificate, int selector, int matching)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var selected = selector == 1 ? certificate.PublicKey.ExportSubjectPublicKeyInfo() : certificate.RawData;
        return matching switch
        {
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => selected,
        };
    }

    /// <summary>"_port._tcp.host IN TLSA usage selector matching hex", host relative to the zone's origin.</summary>
    public static string Line(int port, string host, int usage, int selector, int matching, X509Certificate2 certificate) =>
        string.Create(CultureInfo.InvariantCulture, $"_{port}._tcp.{host} IN TLSA {usage} {selector} {matching} {Convert.ToHexStringLower(For(certificate, selector, matching))}");
}
