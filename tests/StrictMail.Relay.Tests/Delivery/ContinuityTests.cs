using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// STARTTLS continuity: a man in the middle strips STARTTLS from an MX that offered it before.
/// Each delivery uses a new policy object, so no pooled session from the previous one is reused.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class ContinuityTests
{
    [Fact]
    public async Task Deliver_OpportunisticAfterStripping_DeliversInClearAndCountsAllowed()
    {
        await using var scenario = DeliveryScenario.Start();
        await using var stripper = new StartTlsStripper(scenario.Mx.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint);
        scenario.PointMxAt(stripper.EndPoint.Address);

        var before = await Deliver(harness, DeliveryScenario.Policy(TlsLevel.Opportunistic));
        stripper.Mode = StartTlsStripMode.StripOffer;
        var after = await Deliver(harness, DeliveryScenario.Policy(TlsLevel.Opportunistic));

        Assert.Equal("TLSv1.3", before.Tls!.Protocol);
        Assert.Equal(DeliveryStatus.Delivered, after.Recipients[0].Status);
        Assert.Equal(TlsFacts.Plaintext, after.Tls!.Protocol);
        Assert.Equal([true, false], (await scenario.Mx.WaitForMessagesAsync(2)).Select(m => m.IsTls));
        Assert.Equal(["action=allowed,policy=mail/partner,result_type=starttls-not-supported"], harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_PooledPlaintextSessionThenHostSeenOfferingStartTls_NotReusedAndDeferUnderDefer()
    {
        // The MX never offers STARTTLS to this relay's first session (stripped from the start), which is pooled;
        // then another session to the same MX name sees STARTTLS. The pooled plaintext session must not carry more mail.
        await using var scenario = DeliveryScenario.Start();
        await using var stripper = new StartTlsStripper(scenario.Mx.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint);
        scenario.PointMxAt(stripper.EndPoint.Address);
        var policy = DeliveryScenario.Policy(TlsLevel.Opportunistic) with { StarttlsContinuity = ContinuityAction.Defer };

        var first = await Deliver(harness, policy);
        harness.Get<StrictMail.Relay.Delivery.Continuity.StarttlsContinuityStore>().RecordOffer(TestPki.PartnerMx);
        var second = await Deliver(harness, policy);

        Assert.Equal((DeliveryStatus.Delivered, TlsFacts.Plaintext), (first.Recipients[0].Status, first.Tls!.Protocol));
        Assert.Equal(DeliveryStatus.Deferred, second.Recipients[0].Status);
        Assert.Equal(1, scenario.Mx.TransactionCount);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=starttls-not-supported"], harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_ContinuityDeferAfterRestart_DefersAndCountsBlocked()
    {
        await using var scenario = DeliveryScenario.Start();
        await using var stripper = new StartTlsStripper(scenario.Mx.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        scenario.PointMxAt(stripper.EndPoint.Address);
        var state = Directory.CreateTempSubdirectory("strictmail-continuity-").FullName;
        var policy = DeliveryScenario.Policy(TlsLevel.Opportunistic) with { StarttlsContinuity = ContinuityAction.Defer };
        await using (var first = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint, stateDirectory: state))
        {
            await Deliver(first, policy);
        }

        stripper.Mode = StartTlsStripMode.StripOffer;
        await using var restarted = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint, stateDirectory: state);
        var outcome = await Deliver(restarted, policy with { });

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Contains("offered STARTTLS before", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Single(scenario.Mx.Messages);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=starttls-not-supported"], restarted.Measured("strictmail.relay.downgrade.attempts"));
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task Deliver_OpportunisticToHostNeverSeenWithStartTls_NotCounted()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions { OfferStartTls = false });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Opportunistic) with { StarttlsContinuity = ContinuityAction.Defer });

        Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
        Assert.Empty(scenario.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    [Fact]
    public async Task Deliver_EncryptThroughStripper_BlockedAndCountedOnce()
    {
        await using var scenario = DeliveryScenario.Start();
        await using var stripper = new StartTlsStripper(scenario.Mx.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint);
        scenario.PointMxAt(stripper.EndPoint.Address);

        var outcome = await Deliver(harness, DeliveryScenario.Policy(TlsLevel.Encrypt));

        Assert.Equal(DeliveryStatus.Deferred, outcome.Recipients[0].Status);
        Assert.Equal(1, stripper.OffersStripped);
        Assert.Empty(scenario.Mx.Messages);
        Assert.Equal(["action=blocked,policy=mail/partner,result_type=starttls-not-supported"], harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    private static Task<DeliveryOutcome> Deliver(DeliveryHarness harness, StrictMail.Policy.Document.CompiledPolicy policy) =>
        harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);
}
