using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

[Collection(RelayHostGroup.Name)]
public sealed class ConnectionReuseTests
{
    [Fact]
    public async Task Deliver_ThreeMessagesSamePolicy_OneConnectionThreeTransactions()
    {
        await using var scenario = DeliveryScenario.Start();
        var policy = DeliveryScenario.Policy(TlsLevel.Secure);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DeliveryStatus.Delivered, (await scenario.DeliverAsync(policy)).Recipients[0].Status);
        }

        Assert.Equal(1, scenario.Mx.ConnectionCount);
        Assert.Equal(3, scenario.Mx.TransactionCount);
        Assert.Single(scenario.Mx.Handshakes);

        // TLS reporting counts new negotiations, not messages (RFC 8460 4.3).
        var reported = Assert.Single(scenario.Harness.Get<TlsReportStore>().Day(DateOnly.FromDateTime(DateTime.UtcNow)));
        Assert.Equal((TlsReportPolicy.NoPolicyFound, 1L, 0L), (reported.PolicyType, reported.Successes, reported.FailureCount));
    }

    [Fact]
    public async Task Deliver_TlsReportMessage_ItsSessionIsNotReported()
    {
        // No report loops (RFC 8460 5.3): the relay's own reports are delivered like any mail but not counted in the next one.
        await using var scenario = DeliveryScenario.Start();
        var request = TestMessages.To(TestPki.PartnerDomain, "tlsrpt") with { TlsReport = true };

        var outcome = await scenario.Harness.Engine.DeliverAsync(request, DeliveryScenario.Policy(TlsLevel.Secure), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Empty(scenario.Harness.Get<TlsReportStore>().Day(DateOnly.FromDateTime(DateTime.UtcNow)));
    }

    [Fact]
    public async Task Deliver_ChangedPolicyObject_NewConnectionVerifiedAgain()
    {
        await using var scenario = DeliveryScenario.Start();

        await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure));
        await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure));

        Assert.Equal(2, scenario.Mx.ConnectionCount);
    }

    [Fact]
    public async Task Deliver_MaxMessagesPerConnectionReached_OpensANewConnection()
    {
        await using var scenario = DeliveryScenario.Start(settings: new Dictionary<string, string?> { ["Relay:Delivery:MaxMessagesPerConnection"] = "2" });
        var policy = DeliveryScenario.Policy(TlsLevel.Encrypt);

        for (var i = 0; i < 3; i++)
        {
            await scenario.DeliverAsync(policy);
        }

        Assert.Equal(2, scenario.Mx.ConnectionCount);
        Assert.Equal(3, scenario.Mx.TransactionCount);
    }

    [Fact]
    public async Task Deliver_ServerClosedIdleConnection_ReconnectsAndDelivers()
    {
        await using var scenario = DeliveryScenario.Start(scenario_options());
        var policy = DeliveryScenario.Policy(TlsLevel.Encrypt);
        await scenario.DeliverAsync(policy);
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        var second = await scenario.DeliverAsync(policy);

        Assert.Equal(DeliveryStatus.Delivered, second.Recipients[0].Status);
        Assert.Equal(2, scenario.Mx.ConnectionCount);
        Assert.Equal(2, (await scenario.Mx.WaitForMessagesAsync(2)).Count);

        static FakeMxOptions scenario_options() =>
            new() { Certificate = TestPki.Shared.Good, IdleTimeout = TimeSpan.FromMilliseconds(300) };
    }

    [Fact]
    public async Task Deliver_SixAtOnceWithLimitTwo_NeverMoreThanTwoSessions()
    {
        await using var scenario = DeliveryScenario.Start(settings: new Dictionary<string, string?> { ["Relay:Delivery:MaxConcurrencyPerDestination"] = "2" });
        var policy = DeliveryScenario.Policy(TlsLevel.Encrypt);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => scenario.DeliverAsync(policy)));

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Recipients[0].Status));
        Assert.InRange(scenario.Mx.ConnectionCount, 1, 2);
        Assert.Equal(6, scenario.Mx.TransactionCount);
    }
}
