using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

/// <summary>The fake MX at the line level, for what MailKit never sends.</summary>
public sealed class FakeMxCommandTests
{
    [Fact]
    public async Task Commands_HeloRsetNoopUnknownQuit_AnsweredAndClosed()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false });
        await using var raw = await RawSmtpClient.ConnectAsync(mx.EndPoint);

        Assert.Equal(["220 mx.partner.test ESMTP StrictMail test MX"], await raw.ReadReplyAsync());
        Assert.Equal(["503 5.5.1 Send EHLO first"], await raw.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.Equal(["250 mx.partner.test"], await raw.CommandAsync("HELO client.test"));
        Assert.Equal(["250 2.1.0 Sender OK"], await raw.CommandAsync("MAIL FROM:<>"));
        Assert.Equal(["554 5.5.1 No valid recipients"], await raw.CommandAsync("DATA"));
        Assert.Equal(["250 2.0.0 Reset"], await raw.CommandAsync("RSET"));
        Assert.Equal(["503 5.5.1 Need MAIL before RCPT"], await raw.CommandAsync("RCPT TO:<x@partner.test>"));
        Assert.Equal(["250 2.0.0 OK"], await raw.CommandAsync("NOOP"));
        Assert.Equal(["502 5.5.1 STARTTLS not offered"], await raw.CommandAsync("STARTTLS"));
        Assert.Equal(["500 5.5.2 Command not recognized"], await raw.CommandAsync("VRFY x"));
        Assert.Equal(["221 2.0.0 Bye"], await raw.CommandAsync("QUIT"));
        Assert.Empty(await raw.ReadReplyAsync());
    }

    [Fact]
    public async Task Data_PipelinedNullSender_RecordedWithEnvelope()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false });
        await using var raw = await RawSmtpClient.ConnectAsync(mx.EndPoint);
        await raw.ReadReplyAsync();
        await raw.CommandAsync("EHLO client.test");

        await raw.SendAsync("MAIL FROM:<>\r\nRCPT TO:<postmaster@partner.test>\r\nDATA");
        var replies = new[] { await raw.ReadReplyAsync(), await raw.ReadReplyAsync(), await raw.ReadReplyAsync() };
        await raw.SendAsync("Subject: bounce\r\n\r\n..dot\r\n.");

        Assert.Equal(["250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 End data with <CR><LF>.<CR><LF>"], replies.Select(r => r[0]));
        Assert.Equal(["250 2.0.0 Ok: queued on connection 1"], await raw.ReadReplyAsync());
        var message = Assert.Single(mx.Messages);
        Assert.Equal("", message.MailFrom);
        Assert.Equal("client.test", message.HeloName);
        Assert.Equal("Subject: bounce\r\n\r\n.dot\r\n"u8.ToArray(), message.Data);
        Assert.False(message.IsTls);
    }

    [Fact]
    public async Task Options_ChangedBetweenConnections_NextConnectionStopsOfferingStartTls()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions());

        var before = await EhloAsync(mx);
        mx.Options = mx.Options with { OfferStartTls = false };
        var after = await EhloAsync(mx);

        Assert.Contains("250 STARTTLS", before);
        Assert.DoesNotContain(after, line => line.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.Equal(2, mx.ConnectionCount);
    }

    private static async Task<IReadOnlyList<string>> EhloAsync(FakeMxServer mx)
    {
        await using var raw = await RawSmtpClient.ConnectAsync(mx.EndPoint);
        await raw.ReadReplyAsync();
        return await raw.CommandAsync("EHLO client.test");
    }
}
