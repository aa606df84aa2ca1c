using System.Text;
using MimeKit;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Queue;

[Collection(RelayHostGroup.Name)]
public sealed class QueueManagerTests : IDisposable
{
    private readonly QueuePeers _peers = new("partner.test", "internal.test");

    public void Dispose() => _peers.Dispose();

    [Fact]
    public async Task Accept_Message_DeliveredAndQueueEmptied()
    {
        await using var harness = await Start();

        var body = QueuePeers.Body("hello");

        await harness.AcceptAsync("app@internal.test", ["alice@partner.test", "bob@partner.test"], body);

        var message = Assert.Single(await _peers.Mx.WaitForMessagesAsync(1));
        Assert.Equal(["alice@partner.test", "bob@partner.test"], message.Recipients);
        Assert.Equal(body, message.Data);
        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the queue empties");
        Assert.Empty(harness.FilesIn("active"));
        Assert.Empty(harness.FilesIn("incoming"));
    }

    [Fact]
    public async Task Accept_TemporaryRefusal_RetriedAfterBackoffAndDelivered()
    {
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string> { ["alice@partner.test"] = "450 4.2.1 try later" } };
        await using var harness = await Start();

        await harness.AcceptAsync("app@internal.test", ["alice@partner.test"], QueuePeers.Body("retry me"));
        await Eventually.WaitAsync(() => harness.FilesIn("deferred").Length == 2, "the message and its state are deferred");
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string>() };

        Assert.Single(await _peers.Mx.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        await Eventually.WaitAsync(() => harness.FilesIn("deferred").Length == 0, "the deferred message is gone");
    }

    [Fact]
    public async Task Accept_PermanentRefusal_OneDsnToTheSender()
    {
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string> { ["bob@partner.test"] = "550 5.1.1 no such user" } };
        await using var harness = await Start();

        await harness.AcceptAsync("app@internal.test", ["alice@partner.test", "bob@partner.test"], QueuePeers.Body("half good"));

        var messages = await _peers.Mx.WaitForMessagesAsync(2);
        var dsn = Assert.Single(messages, m => m.MailFrom.Length == 0);
        Assert.Equal(["app@internal.test"], dsn.Recipients);
        var status = QueuePeers.Status(dsn.Data);
        Assert.Equal("rfc822; bob@partner.test", status.StatusGroups[1]["Final-Recipient"]);
        Assert.Equal("5.1.1", status.StatusGroups[1]["Status"]);
        Assert.Equal(["alice@partner.test"], Assert.Single(messages, m => m.MailFrom.Length > 0).Recipients);
        await Eventually.WaitAsync(() => harness.Recorder.Of("strictmail.relay.bounces").Count == 1, "one bounce is counted");
        Assert.Equal("rejected", harness.Recorder.Of("strictmail.relay.bounces")[0].Tags["reason"]);
    }

    [Fact]
    public async Task Accept_DeferredPastLifetime_OneDsnWithExpiredStatus()
    {
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string> { ["alice@partner.test"] = "451 4.3.0 disk full" } };
        await using var harness = await Start(new Dictionary<string, string?> { ["Relay:Queue:MaximalLifetime"] = "00:00:02" });

        await harness.AcceptAsync("app@internal.test", ["alice@partner.test"], QueuePeers.Body("too late"));

        var dsn = Assert.Single(await _peers.Mx.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal(string.Empty, dsn.MailFrom);
        var status = QueuePeers.Status(dsn.Data);
        Assert.Equal("4.4.7", status.StatusGroups[1]["Status"]);
        Assert.Contains("451 4.3.0 disk full", status.StatusGroups[1]["Diagnostic-Code"], StringComparison.Ordinal);
        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the expired message and its bounce leave the queue");
    }

    [Fact]
    public async Task Accept_NullSenderRefused_NoBounceOfABounce()
    {
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string> { ["bob@partner.test"] = "550 5.1.1 no such user" } };
        await using var harness = await Start();

        await harness.AcceptAsync(string.Empty, ["bob@partner.test"], QueuePeers.Body("a bounce"));

        await Eventually.WaitAsync(() => harness.Recorder.Of("strictmail.relay.bounces").Count == 1, "the refusal is counted");
        await Eventually.WaitAsync(() => harness.Census.Counts().Values.Sum() == 0, "the queue empties");
        Assert.Empty(_peers.Mx.Messages);
        Assert.Equal(1, _peers.Mx.TransactionCount);
    }

    [Fact]
    public async Task Start_TruncatedFileInIncoming_MovedToCorruptAndNeverDelivered()
    {
        var incoming = Directory.CreateDirectory(Path.Combine(_peers.Spool.FullName, "queue", "incoming")).FullName;
        var whole = await WriteQueueFileAsync(incoming);
        await File.WriteAllBytesAsync(whole, (await File.ReadAllBytesAsync(whole))[..^30]);

        await using var harness = await Start();

        // The census follows the move on disk a moment later: wait for both.
        await Eventually.WaitAsync(
            () => harness.FilesIn("corrupt").Length == 1 && harness.Census.Counts().GetValueOrDefault(QueueState.Corrupt) == 1,
            "the truncated file is in corrupt and counted there");
        Assert.Empty(_peers.Mx.Messages);
        Assert.Equal(0, _peers.Mx.ConnectionCount);
        Assert.Equal(1, harness.Census.Counts()[QueueState.Corrupt]);
    }

    [Fact]
    public async Task Start_MessageLeftInActive_DeliveredAgain()
    {
        var active = Directory.CreateDirectory(Path.Combine(_peers.Spool.FullName, "queue", "active")).FullName;
        await WriteQueueFileAsync(active);

        await using var harness = await Start();

        Assert.Single(await _peers.Mx.WaitForMessagesAsync(1));
        await Eventually.WaitAsync(() => harness.FilesIn("active").Length == 0, "active is empty");
    }

    [Fact]
    public async Task Accept_DeferredDirectoryUnwritable_RetriedFromActiveWithoutARestart()
    {
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string> { ["alice@partner.test"] = "450 4.2.1 try later" } };
        await using var harness = await Start();
        var deferred = Path.Combine(_peers.Spool.FullName, "queue", "deferred");
        Directory.Delete(deferred);
        await File.WriteAllTextAsync(deferred, "not a directory");

        await harness.AcceptAsync("app@internal.test", ["alice@partner.test"], QueuePeers.Body("nowhere to defer"));
        await Eventually.WaitAsync(() => _peers.Mx.TransactionCount >= 1, "the first attempt is refused");
        _peers.Mx.Options = _peers.Mx.Options with { RecipientReplies = new Dictionary<string, string>() };

        Assert.Single(await _peers.Mx.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        await Eventually.WaitAsync(() => harness.FilesIn("active").Length == 0, "the message leaves active");
    }

    [Fact]
    public async Task Begin_SpoolNotWritable_ThrowsQueueStorageException()
    {
        await using var harness = await Start();
        var incoming = Path.Combine(_peers.Spool.FullName, "queue", "incoming");
        Directory.Delete(incoming, recursive: true);
        await File.WriteAllTextAsync(incoming, "not a directory");

        await Assert.ThrowsAsync<QueueStorageException>(() => harness.AcceptAsync("app@internal.test", ["alice@partner.test"], QueuePeers.Body("x")));
    }

    private Task<QueueHarness> Start(IReadOnlyDictionary<string, string?>? settings = null) =>
        QueueHarness.StartAsync(_peers.Mx.EndPoint.Port, _peers.Dns.EndPoint, _peers.Spool.FullName, settings: settings);

    /// <summary>Writes a complete queue file the way a previous relay process would have, without starting a scheduler.</summary>
    private static async Task<string> WriteQueueFileAsync(string directory)
    {
        var header = new QueueFileHeader(QueueIds.New(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow, new Envelope("app@internal.test", ["alice@partner.test"], "127.0.0.1", "app", null, false));
        var body = QueuePeers.Body("left behind");
        var preamble = QueueFileFormat.Preamble(header);
        var hash = System.Security.Cryptography.SHA256.HashData([.. preamble, .. body]);
        var path = Path.Combine(directory, header.Id);
        await File.WriteAllBytesAsync(path, [.. preamble, .. body, .. QueueFileFormat.Trailer(body.Length, hash)]);
        return path;
    }
}
