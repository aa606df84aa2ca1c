using System.Buffers;
using System.Net.Security;
using System.Text;
using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// The bytes of one SMTP connection: a fixed input buffer (so no client can make it grow), replies collected until the server
/// next waits for input (RFC 2920 lets a server answer a pipelined group at once), the idle timeout on every read and write,
/// the command-line and handshake deadlines of <paramref name="timeouts"/>, and the switch to TLS.
/// </summary>
internal sealed class SmtpTransport(Stream stream, int bufferSize, TransportTimeouts timeouts) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private readonly ArrayBufferWriter<byte> _replies = new(512);
    private Stream _stream = stream;
    private int _start;
    private int _end;
    private bool _discarding;

    /// <summary>The TLS stream once STARTTLS succeeded.</summary>
    public SslStream? Tls => _stream as SslStream;

    /// <summary>Bytes received and not yet used.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Marks <paramref name="count"/> buffered bytes as used.</summary>
    public void Consume(int count) => _start += count;

    /// <summary>Throws away everything received but not yet used and returns how much that was.</summary>
    public int DiscardBuffered()
    {
        var count = _end - _start;
        _start = _end = 0;
        return count;
    }

    /// <summary>Queues a reply; it is sent before the next read, or by <see cref="FlushAsync"/>.</summary>
    public void Reply(SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _replies.Write(reply.ToBytes());
    }

    /// <summary>Sends the queued replies.</summary>
    /// <exception cref="TimeoutException">The client did not take them within the idle timeout.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellation)
    {
        if (_replies.WrittenCount == 0)
        {
            return;
        }

        using var timeout = Timeout(cancellation);
        try
        {
            await _stream.WriteAsync(_replies.WrittenMemory, timeout.Token);
            await _stream.FlushAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException("The client did not read replies within the idle timeout.");
        }

        _replies.ResetWrittenCount();
    }

    /// <summary>Sends queued replies, then reads more bytes into the buffer; false when the client closed the connection.</summary>
    /// <exception cref="TimeoutException">Nothing arrived within the idle timeout.</exception>
    public ValueTask<bool> FillAsync(CancellationToken cancellation) => FillAsync(null, cancellation);

    /// <summary>As <see cref="FillAsync(CancellationToken)"/>, and the bytes must also arrive before <paramref name="deadline"/>.</summary>
    /// <exception cref="DeadlineExceededException">The deadline passed first.</exception>
    public async ValueTask<bool> FillAsync(SessionDeadline? deadline, CancellationToken cancellation)
    {
        await FlushAsync(cancellation);
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("The input buffer is full; callers consume over-long lines before reading more.");
        }

        // The deadline binds when it comes before the idle timeout would.
        var left = deadline?.Remaining() ?? TimeSpan.MaxValue;
        if (left <= TimeSpan.Zero)
        {
            throw deadline!.Value.Exceeded();
        }

        var deadlineBinds = left < timeouts.Idle;
        using var timeout = Timeout(deadlineBinds ? left : timeouts.Idle, cancellation);
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw deadlineBinds ? deadline!.Value.Exceeded() : new TimeoutException("The client sent nothing within the idle timeout.");
        }

        _end += read;
        return read > 0;
    }

    /// <summary>Reads one command line of at most <paramref name="maxLength"/> octets without CRLF; a longer one is read to its LF and dropped.</summary>
    /// <exception cref="DeadlineExceededException">The line was not complete within the command timeout of its first byte.</exception>
    public async ValueTask<(LineStatus Status, string Text)> ReadLineAsync(int maxLength, CancellationToken cancellation)
    {
        SessionDeadline? deadline = null;
        while (true)
        {
            var buffered = Buffered;
            var newline = buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = buffered[..newline];
                line = !line.IsEmpty && line[^1] == '\r' ? line[..^1] : line;
                Consume(newline + 1);
                var tooLong = _discarding || line.Length > maxLength;
                _discarding = false;
                return tooLong ? (LineStatus.TooLong, string.Empty) : (LineStatus.Line, Encoding.Latin1.GetString(line));
            }

            if (_discarding || buffered.Length > maxLength + 1)
            {
                _discarding = true;
                Consume(buffered.Length);
            }

            // The wait for a line's first byte is idle time; once it began, the whole line has CommandTimeout.
            if (deadline is null && (_discarding || !buffered.IsEmpty))
            {
                deadline = SessionDeadline.FromNow(DeadlineKind.Command, timeouts.Command);
            }

            if (!await FillAsync(deadline, cancellation))
            {
                return (LineStatus.Closed, string.Empty);
            }
        }
    }

    /// <summary>Starts TLS as the server; whatever the client sent before the handshake must already be discarded.</summary>
    /// <exception cref="DeadlineExceededException">The handshake took longer than the handshake timeout.</exception>
    public async Task StartTlsAsync(SslServerAuthenticationOptions options, CancellationToken cancellation)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = tls;
        var deadline = SessionDeadline.FromNow(DeadlineKind.TlsHandshake, timeouts.TlsHandshake);
        using var timeout = Timeout(timeouts.TlsHandshake, cancellation);
        try
        {
            await tls.AuthenticateAsServerAsync(options, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw deadline.Exceeded();
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private CancellationTokenSource Timeout(CancellationToken cancellation) => Timeout(timeouts.Idle, cancellation);

    private static CancellationTokenSource Timeout(TimeSpan after, CancellationToken cancellation)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(after);
        return timeout;
    }
}
