using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Tests.TestSupport.Postfix;

/// <summary>A throwaway CA and one server certificate from it, written as PEM files for a <see cref="PostfixMx"/>.</summary>
internal sealed class PostfixTestCertificates : IDisposable
{
    private readonly DirectoryInfo _directory;

    public PostfixTestCertificates(string hostName)
    {
        _directory = Directory.CreateTempSubdirectory("strictmail-postfix-pki-");
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=StrictMail Postfix test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        Authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CertificateFile, leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The CA to trust (and nothing else) when connecting.</summary>
    public X509Certificate2 Authority { get; }

    public string CertificateFile => Path.Combine(_directory.FullName, "cert.pem");

    public string KeyFile => Path.Combine(_directory.FullName, "key.pem");

    public void Dispose()
    {
        Authority.Dispose();
        _directory.Delete(recursive: true);
    }
}
