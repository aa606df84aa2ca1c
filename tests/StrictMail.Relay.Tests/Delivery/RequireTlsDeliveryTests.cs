using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// REQUIRETLS (RFC 8689 4) and "TLS-Required: No" (RFC 8689 5) at delivery: an in-process MX that advertises REQUIRETLS
/// after STARTTLS, and a real Postfix 3.7 MX, which does not. Each case checks the outcome, its DSN code, the counter and
/// what reached the MX.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class RequireTlsDeliveryTests
{
    private const string Counter = "strictmail.relay.requiretls";

    [Fact]
    public async Task Deliver_RequireTlsToAVerifiedMxThatOffersIt_DeliveredWithTheParameter()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.Good, OfferRequireTls = true });

        var outcome = await RequireTlsAsync(scenario, DeliveryScenario.Policy(TlsLevel.Verify));

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        var received = Assert.Single(await scenario.Mx.WaitForMessagesAsync(1));
        Assert.True(received.IsTls);
        Assert.Contains("REQUIRETLS", received.MailParameters, StringComparison.Ordinal);
        Assert.Equal(["kind=requiretls,policy=mail/partner,result=delivered"], scenario.Harness.Measured(Counter));
    }

    [Fact]
    public async Task Deliver_RequireTlsUnderOpportunistic_RaisedToVerifyAndAnUntrustedCertificateBounces()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.SelfSigned, OfferRequireTls = true });

        var outcome = await RequireTlsAsync(scenario, DeliveryScenario.Policy(TlsLevel.Opportunistic) with { TrustAnchors = DeliveryHarness.TestCa });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal((DeliveryStatus.Bounced, DsnStatus.TlsRequired), (recipient.Status, recipient.EnhancedStatus));
        Assert.StartsWith("REQUIRETLS: no next hop could be reached over verified TLS", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Mx.TransactionCount);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=certificate-not-trusted"], scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
        Assert.Equal(["kind=requiretls,policy=mail/partner,result=bounced"], scenario.Harness.Measured(Counter));
    }

    [Fact]
    public async Task Deliver_RequireTlsUnderAPolicyInModeTesting_NoLeniencyBounced()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.SelfSigned, OfferRequireTls = true });

        var outcome = await RequireTlsAsync(scenario, DeliveryScenario.Policy(TlsLevel.Verify) with { Mode = PolicyMode.Testing });

        Assert.Equal(DeliveryStatus.Bounced, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(0, scenario.Mx.TransactionCount);
    }

    [Fact]
    public async Task Deliver_RequireTlsToAMxWithoutRequireTls_Bounced5730NothingSent()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.Good });

        var outcome = await RequireTlsAsync(scenario, DeliveryScenario.Policy(TlsLevel.Verify) with { OnFailureAction = FailureAction.Defer });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal((DeliveryStatus.Bounced, DsnStatus.RequireTlsNotOffered), (recipient.Status, recipient.EnhancedStatus));
        Assert.StartsWith("REQUIRETLS support required", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Mx.TransactionCount);
    }

    [Fact]
    public async Task Deliver_RequireTlsToRealPostfix37_Bounced5730AndPostfixGetsNothing()
    {
        await using var postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [TestPki.Shared.Ca.Certificate]);
        await using var scenario = DeliveryScenario.Start();
        scenario.PointMxAt(postfix.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(postfix.EndPoint.Port, scenario.Dns.EndPoint);

        var outcome = await harness.Engine.DeliverAsync(
            TestMessages.To(TestPki.PartnerDomain, "alice") with { RequireTls = true }, DeliveryScenario.Policy(TlsLevel.Verify), CancellationToken.None);

        Assert.Equal((DeliveryStatus.Bounced, DsnStatus.RequireTlsNotOffered), (outcome.Recipients[0].Status, outcome.Recipients[0].EnhancedStatus));
        Assert.Empty(postfix.ReadLog().Messages);
    }

    [Fact]
    public async Task Deliver_TlsRequiredNoWhereThePolicyHonoursIt_DeliveredDespiteABadCertificate()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.SelfSigned });

        var outcome = await TlsRequiredNoAsync(scenario, DeliveryScenario.Policy(TlsLevel.Verify) with { HonorTlsRequiredNo = true });

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Single(await scenario.Mx.WaitForMessagesAsync(1));
        Assert.Equal(["kind=tls_required_no,policy=mail/partner,result=honored"], scenario.Harness.Measured(Counter));
    }

    [Fact]
    public async Task Deliver_TlsRequiredNoWhereThePolicyDoesNot_PolicyStandsAndCountedIgnored()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.SelfSigned });

        var outcome = await TlsRequiredNoAsync(scenario, DeliveryScenario.Policy(TlsLevel.Verify));

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(0, scenario.Mx.TransactionCount);
        Assert.Equal(["kind=tls_required_no,policy=mail/partner,result=ignored"], scenario.Harness.Measured(Counter));
    }

    [Fact]
    public async Task Deliver_TlsRequiredNoAndRequireTls_RequireTlsWins()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { Certificate = TestPki.Shared.SelfSigned, OfferRequireTls = true });
        var request = TestMessages.WithHeaders(TestPki.PartnerDomain, "TLS-Required: No\r\n", "alice") with { RequireTls = true };

        var outcome = await scenario.Harness.Engine.DeliverAsync(request, DeliveryScenario.Policy(TlsLevel.Verify) with { HonorTlsRequiredNo = true }, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Bounced, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(0, scenario.Mx.TransactionCount);
        Assert.Contains("kind=tls_required_no,policy=mail/partner,result=ignored", scenario.Harness.Measured(Counter));
    }

    private static Task<DeliveryOutcome> RequireTlsAsync(DeliveryScenario scenario, CompiledPolicy policy) =>
        scenario.Harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice") with { RequireTls = true }, policy, CancellationToken.None);

    private static Task<DeliveryOutcome> TlsRequiredNoAsync(DeliveryScenario scenario, CompiledPolicy policy) =>
        scenario.Harness.Engine.DeliverAsync(TestMessages.WithHeaders(TestPki.PartnerDomain, "TLS-Required: No\r\n", "alice"), policy, CancellationToken.None);
}
