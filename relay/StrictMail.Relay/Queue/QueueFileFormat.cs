using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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

    /// <summary>The magic line and the header line, to be written before the body.</summary>
    public static byte[] Preamble(QueueFileHeader header)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        return [.. Magic, .. json, (byte)'\r', (byte)'\n'];
    }

    /// <summary>The END record for a body of <paramref name="bodyLength"/> bytes whose file so far hashes to <paramref name="hash"/>.</summary>
    public static byte[] Trailer(long bodyLength, byte[] hash) =>
        [.. EndPrefix, .. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{bodyLength} {Convert.ToHexStringLower(hash)}\r\n"))];

    /// <summary>Reads a whole queue file; returns null and a reason when it is not complete and intact.</summary>
    public static QueuedMessage? TryRead(ReadOnlyMemory<byte> file, out string? problem)
    {
        var span = file.Span;
        problem = null;
        if (!span.StartsWith(Magic))
        {
            problem = "it does not start with the queue file magic line";
            return null;
        }

        var headerEnd = span[Magic.Length..].IndexOf("\r\n"u8);
        var endAt = span.LastIndexOf(EndPrefix);
        if (headerEnd < 0 || endAt < Magic.Length + headerEnd + 2 || !span.EndsWith("\r\n"u8))
        {
            problem = "it has no END record (truncated)";
            return null;
        }

        var bodyStart = Magic.Length + headerEnd + 2;
        var trailer = Encoding.ASCII.GetString(span[(endAt + EndPrefix.Length)..^2]).Split(' ');
        if (trailer.Length != 2 || !long.TryParse(trailer[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != endAt - bodyStart)
        {
            problem = "its END record does not match the body length (truncated or damaged)";
            return null;
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(span[..endAt])), trailer[1], StringComparison.Ordinal))
        {
            problem = "its checksum does not match its content (damaged)";
            return null;
        }

        QueueFileHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<QueueFileHeader>(span.Slice(Magic.Length, headerEnd));
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

        return new QueuedMessage(header.Id, header.Received, header.Envelope, file[bodyStart..endAt]);
    }
}
