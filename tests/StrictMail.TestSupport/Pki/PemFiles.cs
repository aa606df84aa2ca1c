using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>Writes test certificates as PEM for peers that read files (a CA bundle for a client, cert and key for Postfix).</summary>
internal static class PemFiles
{
    /// <summary>Writes the certificate (public part) as one PEM block.</summary>
    public static void WriteCertificate(string path, X509Certificate2 certificate) =>
        File.WriteAllText(path, Certificate(certificate));

    /// <summary>The certificate (public part) as one PEM block, as <see cref="WriteCertificate"/> writes it.</summary>
    public static string Certificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>Writes the certificate's private key as unencrypted PKCS#8 PEM, readable only by the owner.</summary>
    public static void WritePrivateKey(string path, X509Certificate2 certificate)
    {
        using var key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"Certificate {certificate.Subject} has no private key.", nameof(certificate));
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
