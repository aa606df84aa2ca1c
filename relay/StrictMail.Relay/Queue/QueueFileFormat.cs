using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Queue;

/// <summary>
/// The queue file: a magic line, a JSON header line, the message bytes, and an END record with the
/// body length and a SHA-256 of everything before it. A file without a matching END record is
/// truncated or damaged and is never delivered (like Postfix's END record). Pure.
/// </summary>
internal static class QueueFileFormat
{
    /// <summary>The first line of every queue file.</summary>
    public static readonly byte[] Magic = "STRICTMAIL-QUEUE 1\r\n"u8.ToArray();

    private static readonly byte[] EndPrefix = "\r\nEND "u8.ToArray();

    // The JSON header line holds the envelope: 1 MiB is far above any recipient limit; most fit in the first read.
    private const int MaxHeaderLine = 1024 * 1024;
    private const int CommonHeaderLine = 16 * 1024;

    // "\r\nEND " + a length + " " + 64 hex digits + "\r\n".
    private const int MaxTrailer = 128;

    /// <summary>The magic line and the header line, to be written before the body.</summary>
    public static byte[] Preamble(QueueFileHeader header)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        return [.. Magic, .. json, (byte)'\r', (byte)'\n'];
    }

    /// <summary>The END record for a body of <paramref name="bodyLength"/> bytes whose file so far hashes to <paramref name="hash"/>.</summary>
    public static byte[] Trailer(long bodyLength, byte[] hash) =>
        [.. EndPrefix, .. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{bodyLength} {Convert.ToHexStringLower(hash)}\r\n"))];

    /// <summary>Reads a whole queue file held in memory; returns null and a reason when it is not complete and intact.</summary>
    public static QueuedMessage? TryRead(ReadOnlyMemory<byte> file, out string? problem)
    {
        using var stream = new MemoryStream(file.ToArray(), writable: false);
        return TryRead(stream, (offset, length) => MessageContent.FromBytes(file.Slice((int)offset, (int)length)), out problem);
    }

    /// <summary>
    /// Validates the queue file at <paramref name="path"/> by streaming it once (the whole checksum, never the
    /// whole file in memory); the message it returns reads its body from the file.
    /// </summary>
    public static QueuedMessage? TryReadFile(string path, out string? problem)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return TryRead(stream, (offset, length) => MessageContent.FromFile(path, offset, length), out problem);
    }

    private static QueuedMessage? TryRead(Stream file, Func<long, long, MessageContent> body, out string? problem)
    {
        problem = null;
        var head = ReadHead(file, CommonHeaderLine);
        var headerEnd = head.Length < Magic.Length ? -1 : head.AsSpan(Magic.Length).IndexOf("\r\n"u8);
        if (headerEnd < 0 && head.Length < file.Length)
        {
            // A long envelope: look further, never further than the limit.
            head = ReadHead(file, MaxHeaderLine);
            headerEnd = head.Length < Magic.Length ? -1 : head.AsSpan(Magic.Length).IndexOf("\r\n"u8);
        }

        if (!head.AsSpan().StartsWith(Magic))
        {
            problem = "it does not start with the queue file magic line";
            return null;
        }

        var tail = new byte[(int)Math.Min(file.Length, MaxTrailer)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        var endInTail = tail.AsSpan().LastIndexOf(EndPrefix);
        var endAt = endInTail < 0 ? -1 : file.Length - tail.Length + endInTail;
        if (headerEnd < 0 || endAt < Magic.Length + headerEnd + 2 || !tail.AsSpan().EndsWith("\r\n"u8))
        {
            problem = "it has no END record (truncated)";
            return null;
        }

        var bodyStart = Magic.Length + headerEnd + 2;
        var trailer = Encoding.ASCII.GetString(tail.AsSpan((int)(endInTail + EndPrefix.Length))[..^2]).Split(' ');
        if (trailer.Length != 2 || !long.TryParse(trailer[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != endAt - bodyStart)
        {
            problem = "its END record does not match the body length (truncated or damaged)";
            return null;
        }

        if (!string.Equals(Convert.ToHexStringLower(HashOf(file, endAt)), trailer[1], StringComparison.Ordinal))
        {
            problem = "its checksum does not match its content (damaged)";
            return null;
        }

        QueueFileHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<QueueFileHeader>(head.AsSpan(Magic.Length, headerEnd));
        }
        catch (JsonException e)
        {
            problem = $"its header is not valid: {e.Message}";
            return null;
        }

        if (header?.Envelope?.Recipients is not { Count: > 0 })
        {
            problem = "its header has no recipients";
            return null;
        }

        return new QueuedMessage(header.Id, header.Received, header.Envelope, body(bodyStart, length));
    }

    private static byte[] ReadHead(Stream file, int headerLine)
    {
        var head = new byte[(int)Math.Min(file.Length, headerLine + Magic.Length)];
        file.Seek(0, SeekOrigin.Begin);
        file.ReadExactly(head);
        return head;
    }

    private static byte[] HashOf(Stream file, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            file.Seek(0, SeekOrigin.Begin);
            for (var left = length; left > 0;)
            {
                var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException("the queue file shrank while it was read");
                }

                hash.AppendData(buffer, 0, read);
                left -= read;
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
