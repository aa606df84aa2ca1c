using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Whether one certificate was signed by another's key, checked directly on the DER (.NET's chain builder cannot end
/// a chain in an intermediate, which DANE-TA needs). ECDSA and RSA PKCS#1 v1.5 with SHA-256/384/512; anything else is
/// not verified (and so never trusted). Pure.
/// </summary>
internal static class CertificateSignature
{
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            var (tbs, algorithm, signature) = Split(certificate.RawData);
            return algorithm switch
            {
                "1.2.840.10045.4.3.2" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => VerifyEcdsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
                "1.2.840.113549.1.1.11" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
    private static (byte[] Tbs, string Algorithm, byte[] Signature) Split(byte[] der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadEncodedValue().ToArray();
        var algorithm = certificate.ReadSequence().ReadObjectIdentifier();
        var signature = certificate.ReadBitString(out _);
        return (tbs, algorithm, signature);
    }

    private static bool VerifyEcdsa(X509Certificate2 issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetECDsaPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool VerifyRsa(X509Certificate2 issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetRSAPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
