using System.Security.Authentication;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

[Collection(RelayHostGroup.Name)]
public sealed class PolicySettingsTests
{
    [Fact]
    public async Task Deliver_MinTls13ToTls12OnlyServer_RefusedBeforeMailFrom()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.Good, TlsProtocols = SslProtocols.Tls12 });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure) with { MinTlsVersion = TlsVersionFloor.Tls13 });

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Contains("TLSv1.2, below the policy's floor TLS1.3", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Mx.TransactionCount);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=validation-failure"], scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_MinTls12ToTls12OnlyServer_Delivered()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.Good, TlsProtocols = SslProtocols.Tls12 });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure));

        Assert.Equal("TLSv1.2", outcome.Tls!.Protocol);
    }

    [Fact]
    public async Task Deliver_TrustAnchorsMissing_DefersInsteadOfTrustingSystemRoots()
    {
        await using var scenario = DeliveryScenario.Start();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure) with { TrustAnchors = new("no-such-secret", "ca.crt") });

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Contains("no-such-secret", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Mx.ConnectionCount);
    }

    [Fact]
    public async Task Deliver_SecureWithoutTrustAnchors_TestCaIsNotTrustedBySystemRoots()
    {
        await using var scenario = DeliveryScenario.Start();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure) with { TrustAnchors = null });

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=certificate-not-trusted"], scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_MatchNamesOfAnotherHost_Refused()
    {
        await using var scenario = DeliveryScenario.Start();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure) with { MatchNames = [".mailhost.test"] });

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Contains(".mailhost.test", outcome.Recipients[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_FingerprintOfWholeCertificate_Delivered()
    {
        await using var scenario = DeliveryScenario.Start();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Fingerprint) with { Fingerprints = [CertificateDigests.OfCertificate(TestPki.Shared.Good)] });

        Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
        Assert.Equal(CertificateDigests.OfCertificate(TestPki.Shared.Good), outcome.Tls!.VerifiedIdentity);
    }

    [Fact]
    public async Task Deliver_DaneOnly_NeverSendsUntilDaneExists()
    {
        await using var scenario = DeliveryScenario.Start();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.DaneOnly));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Equal(0, scenario.Mx.ConnectionCount);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=dane-required"], scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_OnFailureBounce_RefusalBouncesAndNamesTheMx()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { OfferStartTls = false });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Encrypt) with { OnFailureAction = FailureAction.Bounce });

        Assert.Equal(DeliveryStatus.Bounced, outcome.Recipients[0].Status);
        Assert.Contains("mx.partner.test did not offer STARTTLS", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Contains("TLS policy mail/partner refused delivery", outcome.Recipients[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_NextHop_SkipsMxAndUsesTheGivenPort()
    {
        await using var scenario = DeliveryScenario.Start();
        scenario.Dns.Remove(TestPki.PartnerDomain);
        var hop = $"[{scenario.Mx.EndPoint.Address}]:{scenario.Mx.EndPoint.Port}";

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Encrypt) with { NextHop = hop });

        Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
    }
}
