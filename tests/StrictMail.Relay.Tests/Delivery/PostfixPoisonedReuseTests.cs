using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// The pooled-session attack against a real Postfix as the attacker's MX: it holds a valid certificate
/// for mx.attacker.test and accepts mail for both attacker.test and victim.test. One Secure policy
/// governs both domains; after a delivery to attacker.test pools its session, the victim's MX record
/// is poisoned to mx.attacker.test. Postfix's log proves the victim's message never arrived.
/// Needs root and postfix (`make deps`).
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class PostfixPoisonedReuseTests : IAsyncLifetime, IDisposable
{
    private const string AttackerDomain = "attacker.test";
    private const string VictimDomain = "victim.test";

    private readonly TestDnsServer _dns = new();
    private PostfixMx _attacker = null!;

    public async Task InitializeAsync()
    {
        _attacker = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Attacker, TestPki.AttackerMx, [AttackerDomain, VictimDomain]);
        _dns.AddMx(AttackerDomain, 10, TestPki.AttackerMx);
        _dns.AddMx(VictimDomain, 10, TestPki.AttackerMx);
        _dns.AddA(TestPki.AttackerMx, _attacker.EndPoint.Address);
    }

    public async Task DisposeAsync() => await _attacker.DisposeAsync();

    public void Dispose() => _dns.Dispose();

    [Theory]
    [InlineData("*")]
    [InlineData("attacker.test,victim.test")]
    public async Task Deliver_SecurePooledAttackerSessionThenPoisonedVictimMx_PostfixGetsOnlyTheAttackersMail(string domains)
    {
        await using var harness = DeliveryHarness.Create(_attacker.EndPoint.Port, _dns.EndPoint);
        var policy = DeliveryScenario.Policy(TlsLevel.Secure, "mail/shared") with { Domains = domains.Split(',') };

        harness.Publish(policy);

        var attacker = await harness.Engine.DeliverAsync(TestMessages.To(AttackerDomain, "alice"), CancellationToken.None);
        var victim = await harness.Engine.DeliverAsync(TestMessages.To(VictimDomain, "bob"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(attacker.Recipients).Status);
        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(victim.Recipients).Status);
        Assert.Equal(["action=blocked,policy=mail/shared,result_type=certificate-host-mismatch"], harness.Measured("strictmail.relay.downgrade.attempts"));
        await harness.DisposeAsync();
        var log = await _attacker.WaitForLogAsync(l => l.Sessions.Count == 2 && l.Messages.Count >= 1, "two sessions and the attacker's message");
        Assert.Equal([$"alice@{AttackerDomain}"], Assert.Single(log.Messages).To);
    }
}
