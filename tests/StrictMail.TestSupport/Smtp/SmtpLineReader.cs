namespace StrictMail.TestSupport.Smtp;

/// <summary>Reads CRLF-terminated lines from a stream, keeping the exact bytes (terminator included) so a proxy can forward them unchanged.</summary>
internal sealed class SmtpLineReader(Stream stream, int maxLineLength = SmtpLineReader.DefaultMaxLineLength)
{
    public const int DefaultMaxLineLength = 4096;

    private readonly byte[] _buffer = new byte[maxLineLength];
    private int _start;
    private int _end;

    /// <summary>True when the last chunk returned ended a line (or nothing was read yet).</summary>
    public bool AtLineStart { get; private set; } = true;

    /// <summary>
    /// The next line including its terminator; a chunk of <c>maxLineLength</c> bytes when a line is longer (see
    /// <see cref="AtLineStart"/>); the unterminated rest at end of stream; null when the stream is exhausted.
    /// </summary>
    public async Task<byte[]?> ReadChunkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = _end - _start;
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, length);
            if (newline >= 0)
            {
                return Take(newline + 1 - _start, endsLine: true);
            }

            if (length == _buffer.Length)
            {
                return Take(length, endsLine: false);
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
                _start = 0;
                _end = length;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return length == 0 ? null : Take(length, endsLine: true);
            }

            _end += read;
        }
    }

    /// <summary>Like <see cref="ReadChunkAsync"/> but refuses lines over the limit, for a server that parses commands.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var chunk = await ReadChunkAsync(cancellationToken);
        return chunk is null || AtLineStart ? chunk : throw new InvalidDataException($"Line longer than {_buffer.Length} bytes.");
    }

    /// <summary>Hands over the bytes read from the stream but not yet returned (for switching to raw relaying).</summary>
    public byte[] TakeBuffered() => Take(_end - _start, AtLineStart);

    private byte[] Take(int count, bool endsLine)
    {
        var chunk = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        AtLineStart = endsLine;
        return chunk;
    }

    /// <summary>Reads one whole SMTP reply (continuation lines "250-" up to the last "250 "); its lines without CRLF, empty when the peer closed.</summary>
    public async Task<IReadOnlyList<string>> ReadReplyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        List<string> lines = [];
        while (await ReadLineAsync(deadline.Token) is { } bytes)
        {
            var line = SmtpText.Decode(bytes);
            lines.Add(line);
            if (EhloReplyRewriter.IsLastLine(line))
            {
                break;
            }
        }

        return lines;
    }
}
