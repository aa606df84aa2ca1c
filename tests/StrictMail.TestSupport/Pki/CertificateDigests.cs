using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>Pins in the policy's format: "sha256:" and 64 lowercase hex digits.</summary>
internal static class CertificateDigests
{
    /// <summary>SHA-256 of the whole certificate (DER), like `openssl x509 -fingerprint -sha256`.</summary>
    public static string OfCertificate(X509Certificate2 certificate) => Format(certificate.RawData);

    /// <summary>SHA-256 of the SubjectPublicKeyInfo (DER): survives re-issuing with the same key.</summary>
    public static string OfPublicKey(X509Certificate2 certificate) =>
        Format(certificate.PublicKey.ExportSubjectPublicKeyInfo());

    private static string Format(byte[] der) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(der));
}
