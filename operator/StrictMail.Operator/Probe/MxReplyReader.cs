using System.Globalization;
using System.Text;

namespace StrictMail.Operator.Probe;

/// <summary>
/// Reads SMTP replies (RFC 5321 4.2, multi-line with "-") from a stream that the peer controls:
/// bounded line length and line count, and it tells when the peer sent more than it was asked for.
/// </summary>
internal sealed class MxReplyReader(Stream stream)
{
    private const int MaxLine = 1000;
    private const int MaxLines = 100;

    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <summary>True when bytes beyond the last reply arrived (after STARTTLS: an injection attempt).</summary>
    public bool HasBuffered => _end > _start;

    /// <summary>The next complete reply; throws InvalidDataException on a malformed one and IOException when the peer closes.</summary>
    public async Task<MxReply> ReadAsync(CancellationToken cancellation)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellation).ConfigureAwait(false);
            if (line.Length < 3
                || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new InvalidDataException($"the server's reply is not SMTP: '{MxReply.Printable(line)}'");
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new MxReply(code, lines);
            }

            if (lines.Count >= MaxLines)
            {
                throw new InvalidDataException($"the server's reply has more than {MaxLines} lines");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                var line = Encoding.Latin1.GetString(_buffer, _start, length > 0 && _buffer[newline - 1] == '\r' ? length - 1 : length);
                _start = newline + 1;
                return line;
            }

            if (_end - _start >= MaxLine)
            {
                throw new InvalidDataException($"the server sent a line longer than {MaxLine} bytes");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }

            _end += read;
        }
    }
}
