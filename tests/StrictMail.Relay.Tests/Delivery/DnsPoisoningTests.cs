using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// A poisoned DNS answer points partner.test's MX at the attacker's server, which holds a valid
/// certificate (from the trusted CA) for its own name. Verify checks the MX name that DNS gave, so
/// it is fooled; Secure checks names the policy gave, so it is not.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DnsPoisoningTests
{
    [Fact]
    public async Task Deliver_VerifyWithPoisonedMx_DeliversToTheAttacker()
    {
        await using var scenario = Poisoned();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Verify));

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(TestPki.AttackerMx, outcome.Tls!.VerifiedIdentity);
        Assert.Single(await scenario.Mx.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Deliver_SecureWithPoisonedMx_RefusesAndCountsHostMismatch()
    {
        await using var scenario = Poisoned();

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure));

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Contains("do not match matchNames", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Mx.TransactionCount);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=certificate-host-mismatch"], scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    private static DeliveryScenario Poisoned()
    {
        var scenario = DeliveryScenario.Start(new FakeMxOptions { HostName = TestPki.AttackerMx, Certificate = TestPki.Shared.Attacker });
        scenario.Dns.Remove(TestPki.PartnerDomain);
        scenario.Dns.AddMx(TestPki.PartnerDomain, 10, TestPki.AttackerMx);
        scenario.Dns.AddA(TestPki.AttackerMx, scenario.Mx.EndPoint.Address);
        return scenario;
    }
}
