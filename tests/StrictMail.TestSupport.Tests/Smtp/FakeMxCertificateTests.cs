using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

/// <summary>The test PKI against the real thing: MailKit over STARTTLS, checking chains against the test CA only.</summary>
public sealed class FakeMxCertificateTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    public static TheoryData<string, X509ChainStatusFlags> UntrustedChains => new()
    {
        { nameof(TestPki.Expired), X509ChainStatusFlags.NotTimeValid },
        { nameof(TestPki.SelfSigned), X509ChainStatusFlags.UntrustedRoot },
        { nameof(TestPki.FromUnrelatedCa), X509ChainStatusFlags.PartialChain },
    };

    [Theory]
    [MemberData(nameof(UntrustedChains))]
    public async Task StartTls_UntrustedChain_ClientRejectsForTheReason(string certificate, X509ChainStatusFlags expected)
    {
        var verdict = await HandshakeRejectedAsync(Certificate(certificate), TestPki.PartnerMx);

        Assert.True(verdict.ChainStatus.HasFlag(expected), verdict.ChainStatus.ToString());
        Assert.False(verdict.NameMismatch);
    }

    [Fact]
    public async Task StartTls_WrongName_ClientRejectsForNameMismatch()
    {
        var verdict = await HandshakeRejectedAsync(Pki.WrongName, TestPki.PartnerMx);

        Assert.True(verdict.NameMismatch);
        Assert.Equal(X509ChainStatusFlags.NoError, verdict.ChainStatus);
    }

    [Fact]
    public async Task StartTls_AttackerCertificateWhenPartnerExpected_ClientRejectsForNameMismatch()
    {
        var verdict = await HandshakeRejectedAsync(Pki.Attacker, TestPki.PartnerMx);

        Assert.True(verdict.NameMismatch);
    }

    [Fact]
    public async Task StartTls_AttackerCertificateCheckedAgainstItsOwnMxName_Accepted()
    {
        // What a poisoned MX gets away with when the certificate is only checked against the MX name it was sent to.
        await using var mx = new FakeMxServer(new FakeMxOptions { HostName = TestPki.AttackerMx, Certificate = Pki.Attacker });
        var validator = new CustomRootValidator(Pki.Ca.Certificate);

        using var client = await MailKitClients.ConnectAsync(mx.EndPoint, TestPki.AttackerMx, SecureSocketOptions.StartTls, validator.Callback);

        Assert.True(client.IsSecure);
        Assert.True(Assert.Single(validator.Verdicts).Accepted);
        Assert.Equal(TestPki.AttackerMx, Assert.Single(mx.Handshakes).SniHostName);
    }

    private static async Task<CertificateVerdict> HandshakeRejectedAsync(X509Certificate2 presented, string expectedHost)
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = presented });
        var validator = new CustomRootValidator(Pki.Ca.Certificate);

        await Assert.ThrowsAsync<SslHandshakeException>(
            () => MailKitClients.ConnectAsync(mx.EndPoint, expectedHost, SecureSocketOptions.StartTls, validator.Callback));

        // With TLS 1.3 the server may count the handshake as done: the client checks the certificate after its Finished.
        Assert.Equal(0, mx.TransactionCount);
        var verdict = Assert.Single(validator.Verdicts);
        Assert.False(verdict.Accepted);
        return verdict;
    }

    private static X509Certificate2 Certificate(string name) => name switch
    {
        nameof(TestPki.Expired) => Pki.Expired,
        nameof(TestPki.SelfSigned) => Pki.SelfSigned,
        nameof(TestPki.FromUnrelatedCa) => Pki.FromUnrelatedCa,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown test certificate."),
    };
}
