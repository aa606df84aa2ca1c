using System.Text;
using MimeKit;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Dns;
using StrictMail.Relay.Tests.TestSupport.Pki;
using StrictMail.Relay.Tests.TestSupport.Queue;
using StrictMail.Relay.Tests.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Queue;

/// <summary>One message to several domains, where one domain's delivery fails in a way the engine did not expect.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class MessageAttemptTests : IAsyncLifetime, IDisposable
{
    private readonly TestDnsServer _dns = new();
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("strictmail-attempt-");
    private FakeMxServer _mx = null!;

    public Task InitializeAsync()
    {
        _mx = new FakeMxServer(new FakeMxOptions { Certificate = TestPki.Shared.Good }, Loopback.NextAddress());
        foreach (var domain in new[] { "partner.test", "broken.test", "sender.test" })
        {
            _dns.AddMx(domain, 10, TestPki.PartnerMx);
        }

        _dns.AddA(TestPki.PartnerMx, _mx.EndPoint.Address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _mx.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _dns.Dispose();
        if (_spool.Exists)
        {
            _spool.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_OneDomainThrowsEveryTime_OthersDeliveredOnceAndTheFailingOnesExpireIntoOneDsn()
    {
        FailingDomainDelivery? failing = null;
        await using var harness = await QueueHarness.StartAsync(
            _mx.EndPoint.Port,
            _dns.EndPoint,
            _spool.FullName,
            settings: new Dictionary<string, string?> { ["Relay:Queue:MaximalLifetime"] = "00:00:03" },
            configure: QueueHarness.DecorateDelivery(inner => failing = new FailingDomainDelivery(inner, "broken.test")));

        await harness.AcceptAsync("app@sender.test", ["alice@partner.test", "bob@broken.test"], Body("one broken domain"));

        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the message expires and its bounce is delivered", TimeSpan.FromSeconds(15));
        Assert.True(failing!.Failures >= 2, $"the failing domain was retried ({failing.Failures} attempts)");
        var original = Assert.Single(_mx.Messages, m => m.MailFrom.Length > 0);
        Assert.Equal(["alice@partner.test"], original.Recipients);
        var dsn = Assert.Single(_mx.Messages, m => m.MailFrom.Length == 0);
        Assert.Equal(["app@sender.test"], dsn.Recipients);
        var group = Assert.Single(Status(dsn.Data).StatusGroups, g => g.Contains("Final-Recipient"));
        Assert.Equal(("rfc822; bob@broken.test", "4.4.7"), (group["Final-Recipient"], group["Status"]));
        Assert.Contains("injected failure for broken.test", group["Diagnostic-Code"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ContinuityStoreCannotBeWritten_EachRecipientDeliveredOnce()
    {
        // The continuity file's temporary path is a directory: saving the first sighting of the MX fails.
        Directory.CreateDirectory(Path.Combine(_spool.FullName, "starttls-continuity.json.tmp", "in-the-way"));
        await using var harness = await QueueHarness.StartAsync(_mx.EndPoint.Port, _dns.EndPoint, _spool.FullName);

        await harness.AcceptAsync("app@sender.test", ["alice@partner.test", "bob@broken.test"], Body("continuity volume broken"));

        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the queue empties", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(["alice@partner.test", "bob@broken.test"], _mx.Messages.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
    }

    private static byte[] Body(string text) =>
        Encoding.ASCII.GetBytes($"From: app@sender.test\r\nTo: someone@partner.test\r\nSubject: {text}\r\nMessage-ID: <{Guid.NewGuid():N}@sender.test>\r\n\r\n{text}\r\n");

    private static MessageDeliveryStatus Status(byte[] dsn)
    {
        var report = Assert.IsType<MultipartReport>(MimeMessage.Load(new MemoryStream(dsn)).Body);
        return Assert.Single(report.OfType<MessageDeliveryStatus>());
    }
}
