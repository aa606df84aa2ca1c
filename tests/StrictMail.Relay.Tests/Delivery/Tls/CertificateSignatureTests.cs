using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class CertificateSignatureTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public void IsSignedBy_IssuingCa_True()
    {
        Assert.True(CertificateSignature.IsSignedBy(Pki.Good, Pki.Ca.Certificate));
    }

    [Fact]
    public void IsSignedBy_AnotherCa_False()
    {
        Assert.False(CertificateSignature.IsSignedBy(Pki.Good, Pki.UnrelatedCa.Certificate));
    }

    [Fact]
    public void IsSignedBy_CaWithTheSameNameButAnotherKey_False()
    {
        using var impostor = TestCertificateAuthority.Create("StrictMail Test Root CA");
        Assert.Equal(Pki.Ca.Certificate.Subject, impostor.Certificate.Subject);

        Assert.False(CertificateSignature.IsSignedBy(impostor.IssueServer([TestPki.PartnerMx]), Pki.Ca.Certificate));
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void IsSignedBy_RsaIssuer_True(string hash)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=RSA test CA", caKey, new HashAlgorithmName(hash), RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=mx.partner.test", leafKey, new HashAlgorithmName(hash), RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(1), [1, 2, 3]);

        Assert.True(CertificateSignature.IsSignedBy(leaf, ca));
        Assert.False(CertificateSignature.IsSignedBy(leaf, Pki.Ca.Certificate));
    }
}
