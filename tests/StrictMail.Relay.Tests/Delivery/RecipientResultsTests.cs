using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

[Collection(RelayHostGroup.Name)]
public sealed class RecipientResultsTests
{
    [Fact]
    public async Task Deliver_OneRecipientRefused_OthersDeliveredInOneTransaction()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions
        {
            Certificate = TestPki.Shared.Good,
            RecipientReplies = new Dictionary<string, string> { ["bob@partner.test"] = "550 5.1.1 no such user", ["carol@partner.test"] = "450 4.2.1 mailbox busy" },
        });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure), "alice", "bob", "carol", "dave");

        Assert.Equal(
            [DeliveryStatus.Delivered, DeliveryStatus.Bounced, DeliveryStatus.Deferred, DeliveryStatus.Delivered],
            outcome.Recipients.Select(r => r.Status));
        Assert.Contains("550 5.1.1 no such user", outcome.Recipients[1].Detail, StringComparison.Ordinal);
        var message = Assert.Single(await scenario.Mx.WaitForMessagesAsync(1));
        Assert.Equal(["alice@partner.test", "dave@partner.test"], message.Recipients);
        Assert.Equal(1, scenario.Mx.TransactionCount);
    }

    [Fact]
    public async Task Deliver_EveryRecipientRefused_EachGetsItsOwnAnswerAndNothingIsSent()
    {
        await using var scenario = DeliveryScenario.Start(new FakeMxOptions
        {
            Certificate = TestPki.Shared.Good,
            RecipientReplies = new Dictionary<string, string> { ["bob@partner.test"] = "550 5.1.1 no such user", ["carol@partner.test"] = "452 4.2.2 over quota" },
        });

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Encrypt), "bob", "carol");

        Assert.Equal([DeliveryStatus.Bounced, DeliveryStatus.Deferred], outcome.Recipients.Select(r => r.Status));
        Assert.Empty(scenario.Mx.Messages);
        Assert.Equal(
            ["level=Encrypt,outcome=bounced,policy=mail/partner,tls.protocol=TLSv1.3", "level=Encrypt,outcome=deferred,policy=mail/partner,tls.protocol=TLSv1.3"],
            scenario.Harness.Measured("strictmail.relay.deliveries"));
    }

    [Fact]
    public async Task Deliver_NullSender_SentAsEmptyReversePath()
    {
        await using var scenario = DeliveryScenario.Start();
        var request = TestMessages.To(TestPki.PartnerDomain, "alice") with { Sender = string.Empty };

        var outcome = await scenario.Harness.Engine.DeliverAsync(request, DeliveryScenario.Policy(TlsLevel.Encrypt), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
        Assert.Equal(string.Empty, Assert.Single(await scenario.Mx.WaitForMessagesAsync(1)).MailFrom);
    }

    [Fact]
    public async Task Deliver_Message_ArrivesByteForByte()
    {
        await using var scenario = DeliveryScenario.Start();
        var request = TestMessages.To(TestPki.PartnerDomain, "alice");

        await scenario.Harness.Engine.DeliverAsync(request, DeliveryScenario.Policy(TlsLevel.Encrypt), CancellationToken.None);

        Assert.Equal(request.Message.ToArray(), Assert.Single(await scenario.Mx.WaitForMessagesAsync(1)).Data);
    }
}
