using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Bench.Pki;

/// <summary>
/// A throw-away CA made at run time and the sink's certificate for "sink.test" and "mx.sink.test": both relays must
/// verify the sink against this CA (never the machine's store) for the Secure runs.
/// </summary>
internal sealed class BenchPki : IDisposable
{
    private BenchPki(X509Certificate2 authority, X509Certificate2 sink)
    {
        Authority = authority;
        Sink = sink;
    }

    /// <summary>The CA certificate, public part only.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The sink's server certificate with its private key.</summary>
    public X509Certificate2 Sink { get; }

    public static BenchPki Create(IReadOnlyList<string> sinkNames)
    {
        ArgumentNullException.ThrowIfNull(sinkNames);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=StrictMail bench CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={sinkNames[0]}", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in sinkNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), now.AddDays(30), serial);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        // Through PKCS#12 so SslStream on Linux gets a key it can use for every handshake.
        var sink = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new BenchPki(X509CertificateLoader.LoadCertificate(ca.RawData), sink);
    }

    /// <summary>Writes the CA certificate as PEM to <paramref name="path"/>.</summary>
    public void WriteAuthorityPem(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Authority.ExportCertificatePem() + "\n");
    }

    public void Dispose()
    {
        Authority.Dispose();
        Sink.Dispose();
    }
}
