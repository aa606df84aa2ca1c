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
    public void TryRead_RequireTlsEnvelope_FlagSurvivesTheFile()
    {
        var header = Header with { Envelope = Header.Envelope with { RequireTls = true } };

        Assert.True(QueueFileFormat.TryRead(File(Body, header), out _)!.Envelope.RequireTls);
        Assert.False(QueueFileFormat.TryRead(File(Body), out _)!.Envelope.RequireTls);
    }

    [Fact]
    public void TryRead_EmptyBody_Works()
    {
        Assert.Equal(0, QueueFileFormat.TryRead(File([]), out _)!.Body.Length);
    }

    [Fact]
    public void TryReadFile_LargeBodyAndLongEnvelope_BodyStreamsFromTheFileExactly()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 3_000)));
        var header = Header with { Envelope = Header.Envelope with { Recipients = [.. Enumerable.Range(0, 2_000).Select(i => $"r{i}@partner.test")] } };
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllBytes(path, File(body, header));

            var message = QueueFileFormat.TryReadFile(path, out var problem);

            Assert.Null(problem);
            Assert.Equal(2_000, message!.Envelope.Recipients.Count);
            Assert.Equal(body.Length, message.Body.Length);
            using var stream = message.Body.OpenRead();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(body, copy.ToArray());
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(-1)]
    [InlineData(100)]
    public void TryReadFile_TruncatedOrDamagedOnDisk_NoMessage(int where)
    {
        var file = File(Body);
        var path = Path.GetTempFileName();
        try
        {
            if (where < 0)
            {
                System.IO.File.WriteAllBytes(path, file[..^-where]);
            }
            else
            {
                file[where] ^= 0x01;
                System.IO.File.WriteAllBytes(path, file);
            }

            Assert.Null(QueueFileFormat.TryReadFile(path, out var problem));
            Assert.NotNull(problem);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static byte[] File(byte[] body, QueueFileHeader? header = null)
    {
        var preamble = QueueFileFormat.Preamble(header ?? Header);
        var hash = SHA256.HashData([.. preamble, .. body]);
        return [.. preamble, .. body, .. QueueFileFormat.Trailer(body.Length, hash)];
    }
}
