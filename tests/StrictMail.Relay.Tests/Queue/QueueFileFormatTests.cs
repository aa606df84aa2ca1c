using System.Security.Cryptography;
using System.Text;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Queue;

public sealed class QueueFileFormatTests
{
    private static readonly QueueFileHeader Header = new(
        "19ACB2F5A3C0123456789",
        new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        new Envelope("app@internal.test", ["a@partner.test", "b@partner.test"], "127.0.0.1", "app", null, false));

    private static readonly byte[] Body = Encoding.ASCII.GetBytes("Subject: hi\r\n\r\nline one\r\n.line two\r\nEND 5 x\r\n");

    [Fact]
    public void TryRead_CompleteFile_ReturnsHeaderAndExactBody()
    {
        var message = QueueFileFormat.TryRead(File(Body), out var problem);

        Assert.Null(problem);
        Assert.NotNull(message);
        Assert.Equal(Header.Id, message.Id);
        Assert.Equal(Header.Envelope.Recipients, message.Envelope.Recipients);
        Assert.Equal(Body, message.Body.ToArray());
    }

    [Fact]
    public void TryRead_TruncatedAnywhere_NeverReturnsAMessage()
    {
        var file = File(Body);

        for (var length = 0; length < file.Length; length++)
        {
            Assert.Null(QueueFileFormat.TryRead(file.AsMemory(0, length), out var problem));
            Assert.NotNull(problem);
        }
    }

    [Fact]
    public void TryRead_OneByteChanged_ReportsDamage()
    {
        var file = File(Body);
        file[QueueFileFormat.Magic.Length + 40] ^= 0x20;

        Assert.Null(QueueFileFormat.TryRead(file, out var problem));
        Assert.Contains("checksum", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EmptyBody_Works()
    {
        Assert.Equal(0, QueueFileFormat.TryRead(File([]), out _)!.Body.Length);
    }

    private static byte[] File(byte[] body)
    {
        var preamble = QueueFileFormat.Preamble(Header);
        var hash = SHA256.HashData([.. preamble, .. body]);
        return [.. preamble, .. body, .. QueueFileFormat.Trailer(body.Length, hash)];
    }
}
