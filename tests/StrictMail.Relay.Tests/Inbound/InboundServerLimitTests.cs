using System.Text;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Inbound;

[Collection(RelayHostGroup.Name)]
public sealed class InboundServerLimitTests
{
    [Fact]
    public async Task Mail_DeclaredSizeOverMaxMessageSize_Gets552()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        await client.CommandAsync("EHLO app.test");

        Assert.Equal("552 5.3.4 Message size exceeds fixed maximum message size", await client.CommandAsync("MAIL FROM:<app@internal.test> SIZE=10485761"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<app@internal.test> SIZE=10485760 BODY=8BITMIME"));
    }

    [Fact]
    public async Task Data_OverMaxMessageSize_Gets552AndNothingWrittenOrQueued()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxMessageSize"] = "20000" });
        await using var client = await WireClient.InDataAsync(harness.EndPoint);

        var line = new string('x', 900) + "\r\n";
        await client.SendRawAsync("Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 1100)));

        Assert.Equal("552 5.3.4 Message too big", await client.CommandAsync("."));
        Assert.Empty(harness.Queue.Committed);
        var discarded = Assert.Single(harness.Queue.Discarded);
        Assert.Equal(0, discarded.Writes);
        await AssertStillAcceptsAsync(client, harness);
    }

    [Fact]
    public async Task Rcpt_OneMoreThanMaxRecipients_Gets452AndTheRestAreQueued()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        var commands = new StringBuilder("EHLO app.test\r\nMAIL FROM:<app@internal.test>\r\n");
        for (var i = 1; i <= 1001; i++)
        {
            commands.Append("RCPT TO:<r").Append(i).Append("@partner.test>\r\n");
        }

        await client.SendRawAsync(commands.ToString());
        var replies = await client.ReadRepliesAsync(1003);

        Assert.All(replies.Skip(2).Take(1000), reply => Assert.Equal("250 2.1.5 Ok", reply));
        Assert.Equal("452 4.5.3 Too many recipients", replies[^1]);
        Assert.StartsWith("354 ", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: many\r\n\r\nhi\r\n."), StringComparison.Ordinal);
        Assert.Equal(1000, Assert.Single(harness.Queue.Committed).Envelope.Recipients.Count);
    }

    [Fact]
    public async Task CommandLine_Over512Octets_Gets500AndSessionContinues()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;

        Assert.Equal("500 5.5.2 Error: line too long", await client.CommandAsync("NOOP " + new string('x', 600)));
        Assert.Equal("500 5.5.2 Error: line too long", await client.CommandAsync("NOOP " + new string('x', 100_000)));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP " + new string('x', 500)));
    }

    [Fact]
    public async Task DataLine_OverMaxLineLength_Gets554AndNothingQueued()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxLineLength"] = "998" });
        await using var client = await WireClient.InDataAsync(harness.EndPoint);

        var reply = await client.CommandAsync("Subject: long\r\n\r\n" + new string('y', 998) + "\r\n" + new string('z', 999) + "\r\n.");

        Assert.Equal("554 5.6.0 Message has a line longer than 998 characters; nothing was queued", reply);
        Assert.Empty(harness.Queue.Committed);
        await AssertStillAcceptsAsync(client, harness);
    }

    [Fact]
    public async Task DataLine_TwoThousandCharactersWithDefaults_AcceptedAndQueuedWhole()
    {
        // HTML and generated text often come as one long line; Postfix accepts them, so the relay does too.
        await using var harness = await InboundHarness.StartAsync();
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        var line = new string('h', 2_000);

        var reply = await client.CommandAsync("Subject: long\r\n\r\n" + line + "\r\n.");

        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        Assert.Contains(line + "\r\n", Assert.Single(harness.Queue.Committed).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_BareLfDotLf_DoesNotEndTheMessage()
    {
        await using var harness = await InboundHarness.StartAsync();
        await using var client = await WireClient.InDataAsync(harness.EndPoint);

        // SMTP smuggling: "\n.\n" must not end DATA, or the text after it would become a second transaction.
        var reply = await client.CommandAsync("Subject: s\r\n\r\nbody\n.\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<x@partner.test>\r\n.");

        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var message = Assert.Single(harness.Queue.Committed);
        Assert.EndsWith("body\r\n\r\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<x@partner.test>\r\n", message.Text, StringComparison.Ordinal);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Pipelining_MailRcptRcptDataInOneWrite_RepliesInOrder()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        await client.CommandAsync("EHLO app.test");

        await client.SendRawAsync("MAIL FROM:<>\r\nRCPT TO:<a@partner.test>\r\nRCPT TO:<bad address>\r\nRCPT TO:<b@partner.test>\r\nDATA\r\n");

        Assert.Equal(
            ["250 2.1.0 Ok", "250 2.1.5 Ok", "501 5.1.3 Bad recipient address syntax", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"],
            await client.ReadRepliesAsync(5));
        await client.SendRawAsync("Subject: p\r\n\r\npipelined\r\n.\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", (await client.ReadReplyAsync())[0], StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye", (await client.ReadReplyAsync())[0]);
        Assert.True(await client.IsClosedAsync());
        var message = Assert.Single(harness.Queue.Committed);
        Assert.Equal(string.Empty, message.Envelope.Sender);
        Assert.Equal(["a@partner.test", "b@partner.test"], message.Envelope.Recipients);
    }

    [Fact]
    public async Task Session_MaxErrorsReached_Gets421AndCloses()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxErrors"] = "3" });
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;

        await client.SendRawAsync("BOGUS\r\nMAIL FROM:<a@b.test>\r\nRSET\r\nGET / HTTP/1.1\r\nNOOP\r\n");

        Assert.Equal(
            ["500 5.5.2 Error: command not recognized", "503 5.5.1 Error: send HELO/EHLO first", "250 2.0.0 Ok", "500 5.5.2 Error: command not recognized", "421 4.7.0 mx.partner.test Error: too many errors", "<closed>"],
            await client.ReadRepliesAsync(6));
    }

    [Fact]
    public async Task Connect_OverMaxConnections_Gets421()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["MaxConnections"] = "1" });
        var (first, greeting) = await WireClient.ConnectAsync(harness.EndPoint);
        Assert.StartsWith("220 ", greeting, StringComparison.Ordinal);

        var (second, refused) = await WireClient.ConnectAsync(harness.EndPoint);
        await using (second)
        {
            Assert.Equal("421 4.7.0 mx.partner.test Error: too many connections", refused);
            Assert.True(await second.IsClosedAsync());
        }

        Assert.Equal("221 2.0.0 Bye", await first.CommandAsync("QUIT"));
        await first.DisposeAsync();
        await Eventually.WaitAsync(
            async () =>
            {
                var (third, reply) = await WireClient.ConnectAsync(harness.EndPoint);
                await third.DisposeAsync();
                return reply.StartsWith("220 ", StringComparison.Ordinal);
            },
            "a slot frees when a session ends");
    }

    [Fact]
    public async Task Session_IdleLongerThanIdleTimeout_Gets421AndCloses()
    {
        await using var harness = await InboundHarness.StartAsync(settings: new Dictionary<string, string> { ["IdleTimeout"] = "00:00:00.300" });
        await using var client = await WireClient.InDataAsync(harness.EndPoint);
        await client.SendRawAsync("Subject: stalled\r\n\r\nhalf");

        Assert.Equal(["421 4.4.2 mx.partner.test Error: idle timeout", "<closed>"], await client.ReadRepliesAsync(2));
        Assert.Empty(harness.Queue.Committed);
        Assert.Single(harness.Queue.Discarded);
    }

    private static async Task AssertStillAcceptsAsync(WireClient client, InboundHarness harness)
    {
        await client.SendRawAsync("MAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\nDATA\r\n");
        Assert.StartsWith("354 ", (await client.ReadRepliesAsync(3))[2], StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: small\r\n\r\nfits\r\n."), StringComparison.Ordinal);
        Assert.Single(harness.Queue.Committed);
    }
}
