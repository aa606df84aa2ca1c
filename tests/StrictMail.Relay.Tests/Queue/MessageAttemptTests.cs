using System.Text;
using MimeKit;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Queue;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Queue;

/// <summary>One message to several domains, where one domain's delivery fails in a way the engine did not expect.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class MessageAttemptTests : IDisposable
{
    private readonly QueuePeers _peers = new("partner.test", "broken.test", "sender.test");

    public void Dispose() => _peers.Dispose();

    [Fact]
    public async Task Run_OneDomainThrowsEveryTime_OthersDeliveredOnceAndTheFailingOnesExpireIntoOneDsn()
    {
        FailingDomainDelivery? failing = null;
        await using var harness = await QueueHarness.StartAsync(
            _peers.Mx.EndPoint.Port,
            _peers.Dns.EndPoint,
            _peers.Spool.FullName,
            settings: new Dictionary<string, string?> { ["Relay:Queue:MaximalLifetime"] = "00:00:03" },
            configure: QueueHarness.DecorateDelivery(inner => failing = new FailingDomainDelivery(inner, "broken.test")));

        await harness.AcceptAsync("app@sender.test", ["alice@partner.test", "bob@broken.test"], QueuePeers.Body("one broken domain"));

        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the message expires and its bounce is delivered", TimeSpan.FromSeconds(15));
        Assert.True(failing!.Failures >= 2, $"the failing domain was retried ({failing.Failures} attempts)");
        var original = Assert.Single(_peers.Mx.Messages, m => m.MailFrom.Length > 0);
        Assert.Equal(["alice@partner.test"], original.Recipients);
        var dsn = Assert.Single(_peers.Mx.Messages, m => m.MailFrom.Length == 0);
        Assert.Equal(["app@sender.test"], dsn.Recipients);
        var group = Assert.Single(QueuePeers.Status(dsn.Data).StatusGroups, g => g.Contains("Final-Recipient"));
        Assert.Equal(("rfc822; bob@broken.test", "4.4.7"), (group["Final-Recipient"], group["Status"]));
        Assert.Contains("injected failure for broken.test", group["Diagnostic-Code"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ContinuityStoreCannotBeWritten_EachRecipientDeliveredOnce()
    {
        // The continuity file's temporary path is a directory: saving the first sighting of the MX fails.
        Directory.CreateDirectory(Path.Combine(_peers.Spool.FullName, "starttls-continuity.json.tmp", "in-the-way"));
        await using var harness = await QueueHarness.StartAsync(_peers.Mx.EndPoint.Port, _peers.Dns.EndPoint, _peers.Spool.FullName);

        await harness.AcceptAsync("app@sender.test", ["alice@partner.test", "bob@broken.test"], QueuePeers.Body("continuity volume broken"));

        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the queue empties", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(["alice@partner.test", "bob@broken.test"], _peers.Mx.Messages.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
    }
}
