namespace StrictMail.Relay.Queue.Bounces;

/// <summary>
/// The header section of a message as a bounce may quote it: the leading run of RFC 5322 header
/// lines and nothing after. A DSN goes back to the sender over the internet, and the body may hold
/// what a script printed (tokens, data), so anything that is not plainly a header stays out.
/// </summary>
internal static class HeaderBlock
{
    /// <summary>A bounce quotes at most this many bytes of the original's head: the header section of any real message fits.</summary>
    public const int MaxQuoted = 256 * 1024;

    /// <summary>
    /// The header lines of <paramref name="message"/>, each ended by CRLF, then the blank line: up to
    /// the first blank line or the first line that is not a field or a folded continuation of one.
    /// </summary>
    public static byte[] Of(ReadOnlySpan<byte> message)
    {
        using var block = new MemoryStream();
        var rest = message;
        var inField = false;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            // A continuation only counts after a field; a line of white space alone ends the header (RFC 5322 erratum 1908).
            inField = (inField && IsContinuation(line)) || IsField(line);
            if (!inField)
            {
                break;
            }

            block.Write(line);
            block.Write("\r\n"u8);
        }

        block.Write("\r\n"u8);
        return block.ToArray();
    }

    // field-name = 1*ftext, ftext = %d33-57 / %d59-126 (printable US-ASCII except ':'), then ':'.
    private static bool IsField(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        return colon > 0 && !line[..colon].ContainsAnyExceptInRange((byte)33, (byte)126);
    }

    private static bool IsContinuation(ReadOnlySpan<byte> line) =>
        line.Length > 0 && (line[0] is (byte)' ' or (byte)'\t') && line.ContainsAnyExcept((byte)' ', (byte)'\t');
}
