using System.Net;
using System.Text.RegularExpressions;
using MailKit.Security;
using MimeKit;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Queue;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

// RelayMetrics uses the meter name that a live relay host exports, so these run with the other host tests.
[Collection(RelayHostGroup.Name)]
public sealed partial class InboundServerQueueTests
{
    [Fact]
    public async Task Data_FromClientNetwork_QueuesExactBytesAfterReceivedHeader()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, greeting) = await WireClient.ConnectAsync(harness.EndPoint, IPAddress.Loopback);
        await using var _ = client;

        Assert.Equal("220 mx.partner.test ESMTP StrictMail", greeting);
        Assert.StartsWith("250 ", await client.CommandAsync("EHLO client.internal.test"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<app@internal.test>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<a@partner.test>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
        var reply = await client.CommandAsync("Subject: exact\r\n\r\nline one\r\n..starts with a dot\r\nbare LF\nlast\r\n.");

        Assert.Matches(QueuedReply(), reply);
        var message = Assert.Single(harness.Queue.Committed);
        Assert.EndsWith(message.QueueId!, reply, StringComparison.Ordinal);
        Assert.Matches(ReceivedHeader(), message.Text);
        Assert.EndsWith("\r\nSubject: exact\r\n\r\nline one\r\n.starts with a dot\r\nbare LF\r\nlast\r\n", message.Text, StringComparison.Ordinal);
        Assert.Equal("app@internal.test", message.Envelope.Sender);
        Assert.Equal(["a@partner.test"], message.Envelope.Recipients);
        Assert.Equal("127.0.0.1", message.Envelope.ClientAddress);
        Assert.Equal("client.internal.test", message.Envelope.HeloName);
        Assert.Null(message.Envelope.AuthenticatedUser);
        Assert.False(message.Envelope.ReceivedOverTls);
        Assert.Equal(["tls=false x1"], harness.ReceivedMetric());
    }

    [Fact]
    public async Task Send_MailKitThreeRecipients_QueuesTheMessageMailKitWrote()
    {
        await using var harness = await InboundHarness.StartAsync();
        using var client = await MailKitSender.ConnectAsync(harness.EndPoint, SecureSocketOptions.None);
        var mime = MailKitClients.Message("app@internal.test", "a@partner.test", "b@partner.test", "A@partner.test");
        mime.Cc.Add(MailboxAddress.Parse("c@other.test"));

        await client.SendAsync(mime);

        var message = Assert.Single(harness.Queue.Committed);
        Assert.Equal(["a@partner.test", "b@partner.test", "c@other.test"], message.Envelope.Recipients);
        var body = TraceHeader.Strip(message.Text);
        using var written = new MemoryStream();
        await mime.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos, EnsureNewLine = true }, written);
        Assert.Equal(System.Text.Encoding.Latin1.GetString(written.ToArray()), body);
        Assert.Contains("\r\n.A line that starts with a dot\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\tfor <", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TwentyMessagesOnOneConnectionLongerThanIdleTimeout_AllQueued()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["IdleTimeout"] = "00:00:01" });
        using var client = await MailKitSender.ConnectAsync(harness.EndPoint, SecureSocketOptions.None);
        var started = DateTime.UtcNow;

        for (var i = 0; i < 20; i++)
        {
            await client.SendAsync(MailKitClients.Message("app@internal.test", $"r{i}@partner.test"));
            await Task.Delay(60);
        }

        await client.DisconnectAsync(quit: true);
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(1.2), "the session outlived the idle timeout");
        Assert.Equal(20, harness.Queue.Committed.Count);
        Assert.Equal(20, harness.Queue.Committed.Select(m => m.QueueId).Distinct().Count());
        Assert.Equal(Enumerable.Repeat("tls=false x1", 20), harness.ReceivedMetric());
    }

    [Theory]
    [InlineData(QueueFailure.Begin)]
    [InlineData(QueueFailure.Write)]
    [InlineData(QueueFailure.Commit)]
    public async Task Data_QueueStorageFails_Gets451AndNothingCommitted(QueueFailure failure)
    {
        await using var harness = await InboundHarness.StartAsync();
        harness.Queue.Failure = failure;
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        await client.SendRawAsync("EHLO c.test\r\nMAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\nDATA\r\n");
        var replies = await client.ReadRepliesAsync(4);

        string final;
        if (failure == QueueFailure.Begin)
        {
            final = replies[3];
        }
        else
        {
            Assert.StartsWith("354 ", replies[3], StringComparison.Ordinal);
            final = await client.CommandAsync("Subject: x\r\n\r\nbody\r\n.");
        }

        Assert.Equal("451 4.3.0 Error: queue file write error, try again later", final);
        Assert.Empty(harness.Queue.Committed);
        Assert.Empty(harness.ReceivedMetric());
        Assert.Equal(failure == QueueFailure.Begin ? 0 : 1, harness.Queue.Discarded.Count);

        // The session is still usable: the client can retry at once.
        harness.Queue.Failure = QueueFailure.None;
        await client.SendRawAsync("MAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\nDATA\r\n");
        Assert.StartsWith("354 ", (await client.ReadRepliesAsync(3))[2], StringComparison.Ordinal);
        Assert.Matches(QueuedReply(), await client.CommandAsync("Subject: x\r\n\r\nbody\r\n."));
        Assert.Single(harness.Queue.Committed);
    }

    [Fact]
    public async Task Data_ClientDisconnectsMidMessage_NothingCommitted()
    {
        await using var harness = await InboundHarness.StartAsync();
        var client = await WireClient.InDataAsync(harness.EndPoint);
        await client.SendRawAsync("Subject: half\r\n\r\nhalf a message\r\n");

        await client.DisposeAsync();

        await Eventually.WaitAsync(() => Task.FromResult(harness.Queue.Discarded.Count == 1), "the half message is discarded");
        Assert.Empty(harness.Queue.Committed);
    }

    [GeneratedRegex(@"^250 2\.0\.0 Ok: queued as Q\d{6}$")]
    private static partial Regex QueuedReply();

    [GeneratedRegex(@"^Received: from client\.internal\.test \(\[127\.0\.0\.1\]\)\r\n\tby mx\.partner\.test \(StrictMail\) with ESMTP id [0-9A-F]{12}\r\n\tfor <a@partner\.test>; [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000\r\nSubject: exact\r\n")]
    private static partial Regex ReceivedHeader();
}
