using System.Security.Cryptography.X509Certificates;
using StrictMail.TestSupport.Pki;

namespace StrictMail.TestSupport.Postfix;

/// <summary>A throwaway CA and one server certificate from it, written as PEM files for a <see cref="PostfixMx"/>.</summary>
internal sealed class PostfixTestCertificates : IDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly TestCertificateAuthority _authority;

    public PostfixTestCertificates(string hostName)
    {
        _directory = Directory.CreateTempSubdirectory("strictmail-postfix-pki-");
        _authority = TestCertificateAuthority.Create("StrictMail Postfix test CA");
        using var leaf = _authority.IssueServer([hostName]);
        PemFiles.WriteCertificate(CertificateFile, leaf);
        PemFiles.WritePrivateKey(KeyFile, leaf);
    }

    /// <summary>The CA to trust (and nothing else) when connecting.</summary>
    public X509Certificate2 Authority => _authority.Certificate;

    public string CertificateFile => Path.Combine(_directory.FullName, "cert.pem");

    public string KeyFile => Path.Combine(_directory.FullName, "key.pem");

    public void Dispose()
    {
        _authority.Dispose();
        _directory.Delete(recursive: true);
    }
}
