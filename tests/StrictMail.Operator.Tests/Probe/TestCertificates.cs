using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>Certificates made at test time: a private test CA (never in the system roots) and MX certificates it issues.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Authority = new(CreateAuthority);

    /// <summary>A certificate for <paramref name="host"/> that expires <paramref name="expiresIn"/> from now (negative: already expired).</summary>
    public static X509Certificate2 ForHost(string host, TimeSpan expiresIn)
    {
        var ca = Authority.Value;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notAfter = DateTimeOffset.UtcNow.Add(expiresIn);

        // Whole seconds: what the certificate can carry, so tests can compare exactly.
        notAfter = notAfter.AddTicks(-(notAfter.Ticks % TimeSpan.TicksPerSecond));
        var notBefore = notAfter.AddDays(-90);
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=StrictMail probe test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-365), DateTimeOffset.UtcNow.AddDays(365));
    }
}
