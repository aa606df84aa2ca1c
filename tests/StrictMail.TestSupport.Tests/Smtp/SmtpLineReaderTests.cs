using System.Text;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

public sealed class SmtpLineReaderTests
{
    [Fact]
    public async Task ReadChunk_LongLineAndBareLf_ChunkedWithExactBytes()
    {
        var input = "EHLO a\r\n" + new string('x', 10) + "\r\nlast\nrest";
        var reader = new SmtpLineReader(new MemoryStream(Encoding.ASCII.GetBytes(input)), maxLineLength: 8);

        List<(string Text, bool EndsLine)> chunks = [];
        while (await reader.ReadChunkAsync(CancellationToken.None) is { } chunk)
        {
            chunks.Add((Encoding.ASCII.GetString(chunk), reader.AtLineStart));
        }

        Assert.Equal(
            [("EHLO a\r\n", true), ("xxxxxxxx", false), ("xx\r\n", true), ("last\n", true), ("rest", true)],
            chunks);
        Assert.Equal(input, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task ReadLine_LongerThanLimit_Throws()
    {
        var reader = new SmtpLineReader(new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 20) + "\r\n")), maxLineLength: 8);

        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadLineAsync(CancellationToken.None));
    }
}
