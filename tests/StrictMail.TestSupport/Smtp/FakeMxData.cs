namespace StrictMail.TestSupport.Smtp;

/// <summary>Reads the DATA section of a message: lines until CRLF.CRLF, dot-unstuffed (RFC 5321 section 4.5.2).</summary>
internal static class FakeMxData
{
    /// <summary>
    /// The message bytes, and whether the client sent more than <paramref name="maxSize"/> (the excess is read and dropped,
    /// up to four times the limit); null when the connection ended, went idle or sent far too much.
    /// </summary>
    public static async Task<(byte[] Data, bool TooBig)?> ReadAsync(
        SmtpLineReader reader, long maxSize, TimeSpan idleTimeout, CancellationToken ct)
    {
        using var data = new MemoryStream();
        long total = 0;
        while (total <= maxSize * 4)
        {
            var startsLine = reader.AtLineStart;
            byte[]? chunk;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                idle.CancelAfter(idleTimeout);
                chunk = await reader.ReadChunkAsync(idle.Token);
            }

            if (chunk is null)
            {
                return null;
            }

            if (startsLine && reader.AtLineStart && IsTerminator(chunk))
            {
                return (data.ToArray(), total > maxSize);
            }

            var skip = startsLine && chunk[0] == (byte)'.' ? 1 : 0;
            total += chunk.Length - skip;
            if (total <= maxSize)
            {
                data.Write(chunk, skip, chunk.Length - skip);
            }
        }

        return null;
    }

    private static bool IsTerminator(byte[] line) => line is [(byte)'.', (byte)'\r', (byte)'\n'] or [(byte)'.', (byte)'\n'];
}
