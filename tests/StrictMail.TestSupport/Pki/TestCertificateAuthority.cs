using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>A throw-away certificate authority made at test time; it never enters the machine's trust store.</summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly ECDsa _key;

    private TestCertificateAuthority(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
    }

    /// <summary>The CA certificate, public part only: what a client puts in its custom trust store.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Makes a self-signed root CA valid from an hour ago for ten years.</summary>
    public static TestCertificateAuthority Create(string commonName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=StrictMail tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        return new TestCertificateAuthority(key, publicOnly);
    }

    /// <summary>Issues a TLS server certificate (serverAuth EKU) for <paramref name="dnsNames"/>, with a private key SslStream can use.</summary>
    /// <param name="dnsNames">Subject alternative names (an IP address becomes an iPAddress entry); the first is also the common name.</param>
    /// <param name="notBefore">Start of validity; default an hour ago.</param>
    /// <param name="notAfter">End of validity; default a year from now. Put it in the past for an expired certificate.</param>
    public X509Certificate2 IssueServer(IReadOnlyList<string> dnsNames, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(dnsNames.Count);
        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddHours(-1);
        var until = notAfter ?? now.AddYears(1);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(dnsNames, leafKey);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), from, until, serial);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        return Reimport(withKey);
    }

    /// <summary>
    /// Issues a server certificate for <paramref name="host"/> that expires <paramref name="expiresIn"/> from now (negative: expired
    /// that long ago), valid for 90 days up to then, as a public CA's would be.
    /// </summary>
    public X509Certificate2 IssueServerExpiringIn(string host, TimeSpan expiresIn)
    {
        var notAfter = DateTimeOffset.UtcNow.Add(expiresIn);
        return IssueServer([host], notAfter.AddDays(-90), notAfter);
    }

    /// <summary>Issues a subordinate CA (an intermediate) valid from an hour ago for five years, signed by this CA.</summary>
    public TestCertificateAuthority IssueIntermediate(string commonName)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=StrictMail tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddHours(-1), now.AddYears(5), serial);
        return new TestCertificateAuthority(key, X509CertificateLoader.LoadCertificate(signed.RawData));
    }

    /// <summary>Makes a self-signed TLS server certificate for <paramref name="dnsNames"/> (no CA at all).</summary>
    public static X509Certificate2 SelfSignedServer(IReadOnlyList<string> dnsNames)
    {
        ArgumentOutOfRangeException.ThrowIfZero(dnsNames.Count);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(dnsNames, key);
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));
        return Reimport(withKey);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private static CertificateRequest ServerRequest(IReadOnlyList<string> dnsNames, ECDsa key)
    {
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            // An address ("192.0.2.1", "::1") goes in as an iPAddress entry, as a CA issues it for an IP literal.
            if (System.Net.IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    // An ephemeral key from CopyWithPrivateKey is not usable by SslStream on Linux; a PFX round trip makes it so.
    private static X509Certificate2 Reimport(X509Certificate2 withKey) =>
        X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
}
