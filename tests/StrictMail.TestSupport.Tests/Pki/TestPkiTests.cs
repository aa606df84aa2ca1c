using System.Security.Cryptography.X509Certificates;
using StrictMail.TestSupport.Pki;

namespace StrictMail.TestSupport.Tests.Pki;

public sealed class TestPkiTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public void Good_ChainToTestCa_BuildsWithoutError()
    {
        Assert.Equal(X509ChainStatusFlags.NoError, CustomRootValidator.ChainStatus(Pki.Good, Pki.Ca.Certificate));
    }

    [Fact]
    public void Expired_ChainToTestCa_NotTimeValid()
    {
        var status = CustomRootValidator.ChainStatus(Pki.Expired, Pki.Ca.Certificate);

        Assert.True(status.HasFlag(X509ChainStatusFlags.NotTimeValid), status.ToString());
        Assert.True(Pki.Expired.NotAfter < DateTime.Now);
    }

    [Fact]
    public void SelfSigned_ChainToTestCa_UntrustedRoot()
    {
        var status = CustomRootValidator.ChainStatus(Pki.SelfSigned, Pki.Ca.Certificate);

        Assert.True(status.HasFlag(X509ChainStatusFlags.UntrustedRoot), status.ToString());
    }

    [Fact]
    public void FromUnrelatedCa_ChainToTestCa_PartialChain()
    {
        var status = CustomRootValidator.ChainStatus(Pki.FromUnrelatedCa, Pki.Ca.Certificate);

        Assert.True(status.HasFlag(X509ChainStatusFlags.PartialChain), status.ToString());
    }

    [Fact]
    public void Leaves_Always_HaveServerAuthPrivateKeyAndExpectedNames()
    {
        foreach (var (certificate, names) in new[]
        {
            (Pki.Good, new[] { TestPki.PartnerMx, TestPki.PartnerDomain }),
            (Pki.Expired, [TestPki.PartnerMx, TestPki.PartnerDomain]),
            (Pki.WrongName, [TestPki.OtherMx]),
            (Pki.Attacker, [TestPki.AttackerMx]),
            (Pki.SelfSigned, [TestPki.PartnerMx, TestPki.PartnerDomain]),
            (Pki.FromUnrelatedCa, [TestPki.PartnerMx, TestPki.PartnerDomain]),
        })
        {
            Assert.True(certificate.HasPrivateKey, certificate.Subject);
            var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
            Assert.Contains(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
            var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
            Assert.Equal(names, san.EnumerateDnsNames());
        }
    }

    [Fact]
    public void Attacker_IssuedByTestCa_ChainIsValid()
    {
        Assert.Equal(X509ChainStatusFlags.NoError, CustomRootValidator.ChainStatus(Pki.Attacker, Pki.Ca.Certificate));
        Assert.Equal(Pki.Ca.Certificate.Subject, Pki.Attacker.Issuer);
    }

    [Fact]
    public void Digests_GoodCertificate_PolicyFormatAndDistinct()
    {
        var certificate = CertificateDigests.OfCertificate(Pki.Good);
        var publicKey = CertificateDigests.OfPublicKey(Pki.Good);

        Assert.Matches("^sha256:[0-9a-f]{64}$", certificate);
        Assert.Matches("^sha256:[0-9a-f]{64}$", publicKey);
        Assert.NotEqual(certificate, publicKey);
        Assert.Equal(certificate, CertificateDigests.OfCertificate(X509CertificateLoader.LoadCertificate(Pki.Good.RawData)));
    }

    [Fact]
    public void PemFiles_CaAndLeaf_RoundTrip()
    {
        var directory = Directory.CreateTempSubdirectory("strictmail-pki-");
        try
        {
            var caPath = Path.Combine(directory.FullName, "ca.pem");
            var certPath = Path.Combine(directory.FullName, "cert.pem");
            var keyPath = Path.Combine(directory.FullName, "key.pem");

            PemFiles.WriteCertificate(caPath, Pki.Ca.Certificate);
            PemFiles.WriteCertificate(certPath, Pki.Good);
            PemFiles.WritePrivateKey(keyPath, Pki.Good);

            Assert.Equal(Pki.Ca.Certificate.RawData, X509CertificateLoader.LoadCertificateFromFile(caPath).RawData);
            using var reloaded = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            Assert.True(reloaded.HasPrivateKey);
            Assert.Equal(Pki.Good.Thumbprint, reloaded.Thumbprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
