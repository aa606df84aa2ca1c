using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// The engine walks the MX list: an MX that cannot be reached is skipped and reported, MXes the
/// policy refuses make the failure a policy failure (deferred or bounced as onFailure says), and
/// DNS decides bounce (NXDOMAIN) or retry (SERVFAIL) before any policy is consulted.
/// </summary>
/// <remarks>
/// The harness has one SMTP port for every MX, and a fake MX binds an ephemeral port: two MX names
/// therefore either share one fake server's address, or one of them gets a fresh loopback address
/// with the fake's port number, where nothing listens.
/// </remarks>
[Collection(RelayHostGroup.Name)]
public sealed class MxFallbackTests : IDisposable
{
    private const string Domain = TestPki.PartnerDomain;
    private const string PolicyName = "mail/fallback";
    private const string Primary = "mx1.partner.test";
    private const string Backup = "mx2.partner.test";
    private const string Mismatch = "certificate-host-mismatch";

    private readonly TestDnsServer _dns = new();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task Deliver_FirstMxRefusesConnections_DeliversViaSecondAndReportsFirst()
    {
        await using var good = new FakeMxServer(new FakeMxOptions { Certificate = TestPki.Shared.Good }, Loopback.NextAddress());
        var dead = Loopback.NextAddress();
        _dns.AddMx(Domain, 20, Backup);
        _dns.AddMx(Domain, 10, Primary);
        _dns.AddA(Primary, dead);
        _dns.AddA(Backup, good.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(good.EndPoint.Port, _dns.EndPoint);

        var outcome = await DeliverAsync(harness, Policy(TlsLevel.Secure));

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(Backup, outcome.Tls!.MxHost);
        Assert.True(Assert.Single(await good.WaitForMessagesAsync(1)).IsTls);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal((Primary, $"{dead}:{good.EndPoint.Port}", null), (attempt.MxHost, attempt.Address, attempt.ResultType));
        Assert.Contains("ConnectionRefused", attempt.Reason, StringComparison.Ordinal);
        // An MX that is down is not a downgrade.
        Assert.Empty(harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Theory]
    [InlineData(FailureAction.Defer, nameof(DeliveryStatus.Deferred))]
    [InlineData(FailureAction.Bounce, nameof(DeliveryStatus.Bounced))]
    public async Task Deliver_EveryMxFailsSecure_PolicyFailureAsOnFailureSays(FailureAction onFailure, string expected)
    {
        await using var wrongName = new FakeMxServer(new FakeMxOptions { Certificate = TestPki.Shared.WrongName }, Loopback.NextAddress());
        _dns.AddMx(Domain, 10, Primary);
        _dns.AddMx(Domain, 20, Backup);
        _dns.AddA(Primary, wrongName.EndPoint.Address);
        _dns.AddA(Backup, wrongName.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(wrongName.EndPoint.Port, _dns.EndPoint);

        var outcome = await DeliverAsync(harness, Policy(TlsLevel.Secure) with { OnFailureAction = onFailure });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(expected, recipient.Status.ToString());
        Assert.StartsWith($"TLS policy {PolicyName} refused delivery", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal([(Primary, Mismatch), (Backup, Mismatch)], outcome.Attempts.Select(a => (a.MxHost, a.ResultType)));
        Assert.Equal(2, wrongName.ConnectionCount);
        Assert.Equal(0, wrongName.TransactionCount);
        Assert.Equal([Blocked(Mismatch), Blocked(Mismatch)], harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_DomainDoesNotExist_BouncedEvenWhenPolicySaysDefer()
    {
        await using var harness = DeliveryHarness.Create(25, _dns.EndPoint);

        var outcome = await DeliverAsync(harness, Policy(TlsLevel.Secure) with { OnFailureAction = FailureAction.Defer });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Bounced, recipient.Status);
        Assert.Contains("NXDOMAIN", recipient.Detail, StringComparison.Ordinal);
        Assert.Empty(outcome.Attempts);
        Assert.Equal([$"level=Secure,outcome=bounced,policy={PolicyName},tls.protocol=none"], harness.Measured("strictmail.relay.deliveries"));
    }

    [Fact]
    public async Task Deliver_ServFail_DeferredEvenWhenPolicySaysBounce()
    {
        _dns.AddMx(Domain, 10, Primary);
        _dns.FailName(Domain);
        await using var harness = DeliveryHarness.Create(25, _dns.EndPoint);

        var outcome = await DeliverAsync(harness, Policy(TlsLevel.Secure) with { OnFailureAction = FailureAction.Bounce });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains("will retry", recipient.Detail, StringComparison.Ordinal);
        Assert.Empty(outcome.Attempts);
        Assert.Empty(harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    private static string Blocked(string resultType) => $"action=blocked,policy={PolicyName},result_type={resultType}";

    private static CompiledPolicy Policy(TlsLevel level) => DeliveryScenario.Policy(level, PolicyName);

    private static Task<DeliveryOutcome> DeliverAsync(DeliveryHarness harness, CompiledPolicy policy) =>
        harness.Engine.DeliverAsync(TestMessages.To(Domain, "alice"), policy, CancellationToken.None);
}
