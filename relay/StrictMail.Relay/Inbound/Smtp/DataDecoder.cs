using System.Buffers;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// Turns the bytes after "354" into message bytes: removes dot-stuffing (RFC 5321 4.5.2), stores bare-LF lines and bare CRs as CRLF, and
/// finds the end of data. Pure and incremental: it sees the input in pieces and keeps no more than one line of it.
/// </summary>
/// <remarks>
/// Only CRLF "." CRLF ends the data, as RFC 5321 4.1.1.4 says and Postfix (smtpd_forbid_bare_newline=normalize) does: taking
/// LF "." LF or LF "." CRLF as the end would let a message smuggle a second SMTP transaction past an upstream server that reads
/// it differently (SMTP smuggling, CVE-2023-51764/51765/51766). A lone "." ended by a bare LF is content, unstuffed to an empty line.
/// </remarks>
internal sealed class DataDecoder(int maxLineLength, long maxMessageSize)
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private bool _previousEndedWithCrlf = true;
    private bool _insideOverlongLine;
    private bool _fragmentEndedWithCr;

    /// <summary>The longest input without LF that can still be a legal line: stuffed dot, content, CR.</summary>
    public int LongestLegalLine => maxLineLength + 2;

    /// <summary>Message bytes decoded so far, stored or not.</summary>
    public long Size { get; private set; }

    /// <summary>The message grew past the size limit; nothing more is written.</summary>
    public bool TooBig { get; private set; }

    /// <summary>A line was longer than the limit; nothing more is written.</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>The message will be refused; the caller keeps reading to the end of data and stores nothing.</summary>
    public bool Refused => TooBig || LineTooLong;

    /// <summary>The end-of-data line was read.</summary>
    public bool Finished { get; private set; }

    /// <summary>
    /// Decodes the complete lines at the start of <paramref name="input"/> into <paramref name="output"/> (nothing once
    /// <see cref="Refused"/>) and returns how many input bytes it used; stops after the end of data. An incomplete line is left
    /// for the next call unless it is already too long, so the caller's buffer must hold <see cref="LongestLegalLine"/> + 1 bytes.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var consumed = 0;
        while (!Finished)
        {
            var rest = input[consumed..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (rest.Length > LongestLegalLine)
                {
                    LineTooLong = true;
                    _insideOverlongLine = true;
                    _fragmentEndedWithCr = rest[^1] == '\r';
                    consumed += rest.Length;
                }

                break;
            }

            consumed += newline + 1;
            DecodeLine(rest[..newline], output);
        }

        return consumed;
    }

    private void DecodeLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        var hasCr = !line.IsEmpty && line[^1] == '\r';
        var content = hasCr ? line[..^1] : line;

        // The CR of an over-long line may have come with the previous piece of input.
        var endsWithCrlf = hasCr || (line.IsEmpty && _insideOverlongLine && _fragmentEndedWithCr);
        var startsLine = !_insideOverlongLine;
        var previousEndedWithCrlf = _previousEndedWithCrlf;
        _insideOverlongLine = false;
        _previousEndedWithCrlf = endsWithCrlf;
        if (!startsLine)
        {
            return;
        }

        if (content.Length == 1 && content[0] == '.' && endsWithCrlf && previousEndedWithCrlf)
        {
            Finished = true;
            return;
        }

        if (!content.IsEmpty && content[0] == '.')
        {
            content = content[1..];
        }

        // A bare CR (not followed by LF) is stored as a line break, as a bare LF is: no bare CR reaches the queue, so no
        // parser downstream can read "foo" CR "." CRLF as an end of data. A dot after it did not start an SMTP line, so
        // it was never stuffed and stays.
        while (content.IndexOf((byte)'\r') is var cr and >= 0)
        {
            Store(content[..cr], output);
            content = content[(cr + 1)..];
        }

        Store(content, output);
    }

    private void Store(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (line.Length > maxLineLength)
        {
            LineTooLong = true;
        }

        Size += line.Length + Crlf.Length;
        if (Size > maxMessageSize)
        {
            TooBig = true;
        }

        if (!Refused)
        {
            output.Write(line);
            output.Write(Crlf);
        }
    }
}
