using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// One policy governs the attacker's own domain and a victim's. Mail to the attacker's domain is
/// rightly delivered to its MX (a valid certificate for mx.attacker.test) and the session is pooled;
/// then DNS is poisoned to point the victim's MX at the attacker. Under Secure without matchNames the
/// pooled session was verified for attacker.test only, so it must not carry the victim's mail: the
/// new session is checked against victim.test and refused. Where the names do not depend on the
/// recipient domain (Verify, Fingerprint, Secure with matchNames), domains sharing an MX share its sessions.
/// Policies reach the engine through the document's lookup, as in the relay, so "*", ".test" and a
/// list of names each really govern both domains.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class SessionReuseAcrossDomainsTests
{
    private const string AttackerDomain = "attacker.test";
    private const string VictimDomain = "victim.test";
    private const string Downgrades = "strictmail.relay.downgrade.attempts";

    [Theory]
    [InlineData("*")]
    [InlineData(".test")]
    [InlineData("attacker.test,victim.test")]
    public async Task Deliver_SecureSessionPooledForAttackerThenVictimMxPoisoned_RefusesVictimAndCountsMismatch(string domains)
    {
        await using var scenario = AttackerScenario();
        var policy = Policy(TlsLevel.Secure, domains);

        var attacker = await DeliverAsync(scenario, AttackerDomain, policy);
        var victim = await DeliverAsync(scenario, VictimDomain, policy);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(attacker.Recipients).Status);
        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(victim.Recipients).Status);
        Assert.Contains("do not match matchNames (victim.test, .victim.test)", victim.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Equal([$"alice@{AttackerDomain}"], (await scenario.Mx.WaitForMessagesAsync(1)).SelectMany(m => m.Recipients));
        Assert.Equal(1, scenario.Mx.TransactionCount);
        Assert.Equal(["action=blocked,policy=mail/shared,result_type=certificate-host-mismatch"], scenario.Harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_SecureVictimFirstThenAttacker_NeitherSessionCarriesTheOther()
    {
        await using var scenario = AttackerScenario();
        var policy = Policy(TlsLevel.Secure, "*");

        var victim = await DeliverAsync(scenario, VictimDomain, policy);
        var attacker = await DeliverAsync(scenario, AttackerDomain, policy);
        var victimAgain = await DeliverAsync(scenario, VictimDomain, policy);

        Assert.Equal(
            [DeliveryStatus.Deferred, DeliveryStatus.Delivered, DeliveryStatus.Deferred],
            new[] { victim, attacker, victimAgain }.Select(o => Assert.Single(o.Recipients).Status));
        Assert.Equal(1, scenario.Mx.TransactionCount);
    }

    [Theory]
    [InlineData(TlsLevel.Verify)]
    [InlineData(TlsLevel.Fingerprint)]
    [InlineData(TlsLevel.Secure)]
    public async Task Deliver_TwoDomainsShareOneMxAndNamesDoNotDependOnDomain_OneSessionCarriesBoth(TlsLevel level)
    {
        await using var scenario = AttackerScenario();
        var policy = Policy(level, "*") with
        {
            Fingerprints = level == TlsLevel.Fingerprint ? [CertificateDigests.OfPublicKey(TestPki.Shared.Attacker)] : [],
            MatchNames = level == TlsLevel.Secure ? [".attacker.test"] : [],
        };

        var first = await DeliverAsync(scenario, AttackerDomain, policy);
        var second = await DeliverAsync(scenario, VictimDomain, policy);

        Assert.All(new[] { first, second }, o => Assert.Equal(DeliveryStatus.Delivered, Assert.Single(o.Recipients).Status));
        Assert.Equal((1, 2), (scenario.Mx.ConnectionCount, scenario.Mx.TransactionCount));
        Assert.Single(scenario.Mx.Handshakes);
    }

    [Fact]
    public async Task Deliver_SecureTwoRecipientDomainsOnOneMxWithOwnCertificate_OneSessionEach()
    {
        // A certificate that names both domains satisfies each; still, each domain's session is verified for it.
        using var both = TestPki.Shared.Ca.IssueServer(["mx.attacker.test", AttackerDomain, VictimDomain]);
        await using var scenario = AttackerScenario(both);
        var policy = Policy(TlsLevel.Secure, "*");

        await DeliverAsync(scenario, AttackerDomain, policy);
        await DeliverAsync(scenario, VictimDomain, policy);
        await DeliverAsync(scenario, VictimDomain, policy);

        Assert.Equal((2, 3), (scenario.Mx.ConnectionCount, scenario.Mx.TransactionCount));
    }

    /// <summary>The attacker's MX (valid certificate for mx.attacker.test) answers for both domains: the victim's MX record is poisoned.</summary>
    private static DeliveryScenario AttackerScenario(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var scenario = DeliveryScenario.Start(new FakeMxOptions { HostName = TestPki.AttackerMx, Certificate = certificate ?? TestPki.Shared.Attacker });
        scenario.Dns.AddMx(AttackerDomain, 10, TestPki.AttackerMx);
        scenario.Dns.AddMx(VictimDomain, 10, TestPki.AttackerMx);
        scenario.Dns.AddA(TestPki.AttackerMx, scenario.Mx.EndPoint.Address);
        return scenario;
    }

    private static CompiledPolicy Policy(TlsLevel level, string domains) => DeliveryScenario.Policy(level, "mail/shared") with { Domains = domains.Split(',') };

    /// <summary>Delivers the way the queue does: the policy comes from the loaded document's lookup, so its domain keys decide.</summary>
    private static Task<DeliveryOutcome> DeliverAsync(DeliveryScenario scenario, string domain, CompiledPolicy policy)
    {
        scenario.Harness.Publish(policy);
        return scenario.Harness.Engine.DeliverAsync(TestMessages.To(domain, "alice"), CancellationToken.None);
    }
}
