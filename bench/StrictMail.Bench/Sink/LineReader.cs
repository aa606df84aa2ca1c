namespace StrictMail.Bench.Sink;

/// <summary>
/// Reads CRLF lines from a stream through one reusable buffer: a returned line is valid only until the next call.
/// <see cref="HasBuffered"/> tells a pipelining server whether more commands already arrived (flush replies only when not).
/// </summary>
internal sealed class LineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes received but not yet returned as a line.</summary>
    public bool HasBuffered => _end > _start;

    /// <summary>The next line without its CR LF, or null at end of stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException("line longer than 64 KiB");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellation);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }
}
