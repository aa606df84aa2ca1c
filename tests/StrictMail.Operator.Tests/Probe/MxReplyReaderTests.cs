using System.Text;
using StrictMail.Operator.Probe;

namespace StrictMail.Operator.Tests.Probe;

public sealed class MxReplyReaderTests
{
    private static MxReplyReader Reader(string text) => new(new MemoryStream(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public async Task ReadAsync_MultiLineReply_CodeAndEveryLineText()
    {
        var reply = await Reader("250-mx.test hello\r\n250-STARTTLS\r\n250 8BITMIME\r\n").ReadAsync(CancellationToken.None);

        Assert.Equal(250, reply.Code);
        Assert.Equal(["mx.test hello", "STARTTLS", "8BITMIME"], reply.Lines);
    }

    [Fact]
    public async Task ReadAsync_BareLineFeedsAndCodeOnly_Accepted()
    {
        var reader = Reader("220\n221 bye\n");

        Assert.Equal((220, ""), await First(reader));
        Assert.Equal((221, "bye"), await First(reader));
    }

    [Fact]
    public async Task ReadAsync_MoreThanOneReplyArrived_HasBufferedUntilTheSecondIsRead()
    {
        var reader = Reader("220 go ahead\r\n250 injected\r\n");

        await reader.ReadAsync(CancellationToken.None);

        Assert.True(reader.HasBuffered);
        await reader.ReadAsync(CancellationToken.None);
        Assert.False(reader.HasBuffered);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", "not SMTP")]
    [InlineData("25\r\n", "not SMTP")]
    [InlineData("250+x\r\n", "not SMTP")]
    [InlineData("220 no end of line", "closed the connection")]
    public async Task ReadAsync_NotAReply_ThrowsWithWhatWasWrong(string text, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Reader(text).ReadAsync(CancellationToken.None));

        Assert.True(error is InvalidDataException or IOException);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EndlessLine_ThrowsInsteadOfBuffering()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Reader("220 " + new string('x', 5000) + "\r\n").ReadAsync(CancellationToken.None));

        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EndlessContinuation_ThrowsInsteadOfCollecting()
    {
        var text = string.Concat(Enumerable.Repeat("250-more\r\n", 200));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Reader(text).ReadAsync(CancellationToken.None));

        Assert.Contains("more than 100 lines", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(int, string)> First(MxReplyReader reader)
    {
        var reply = await reader.ReadAsync(CancellationToken.None);
        return (reply.Code, reply.Lines[0]);
    }
}
