using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StrictMail.Bench.Sink;

/// <summary>
/// One SMTP session at the sink: accepts everything, replies as soon as a command is parsed and flushes only when no
/// pipelined command is waiting, and records the Message-Id of each message when its final dot arrives.
/// </summary>
internal sealed class SinkSession(Socket socket, X509Certificate2? certificate, Arrivals arrivals) : IAsyncDisposable
{
    private static readonly byte[] MessageIdHeader = "Message-Id:"u8.ToArray();

    private Stream _stream = new NetworkStream(socket, ownsSocket: true);
    private BufferedStream _output = null!;
    private LineReader _reader = null!;
    private bool _tls;

    public async Task RunAsync(CancellationToken cancellation)
    {
        arrivals.SessionOpened();
        try
        {
            Attach(_stream);
            await ReplyAsync("220 sink.test ESMTP bench sink", cancellation, flush: true);
            while (await _reader.ReadLineAsync(cancellation) is { } line)
            {
                if (!await HandleAsync(Verb(line.Span), cancellation))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or InvalidDataException)
        {
            // A relay that drops its cached connection is normal; the count of arrivals tells whether anything was lost.
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        if (_output is not null)
        {
            await _output.DisposeAsync();
        }
    }

    private async Task<bool> HandleAsync(string verb, CancellationToken cancellation)
    {
        switch (verb)
        {
            case "EHLO":
                var startTls = certificate is not null && !_tls ? "250-STARTTLS\r\n" : "";
                await ReplyAsync($"250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 52428800\r\n{startTls}250 ENHANCEDSTATUSCODES", cancellation);
                return true;
            case "HELO" or "NOOP" or "RSET":
                await ReplyAsync("250 2.0.0 Ok", cancellation);
                return true;
            case "MAIL":
                await ReplyAsync("250 2.1.0 Ok", cancellation);
                return true;
            case "RCPT":
                await ReplyAsync("250 2.1.5 Ok", cancellation);
                return true;
            case "DATA":
                await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellation, flush: true);
                return await ReceiveDataAsync(cancellation);
            case "STARTTLS" when certificate is not null && !_tls:
                await ReplyAsync("220 2.0.0 Ready to start TLS", cancellation, flush: true);
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                    cancellation);
                _stream = ssl;
                _tls = true;
                arrivals.TlsStarted();
                Attach(ssl);
                return true;
            case "QUIT":
                await ReplyAsync("221 2.0.0 Bye", cancellation, flush: true);
                return false;
            default:
                await ReplyAsync("502 5.5.2 Not implemented", cancellation);
                return true;
        }
    }

    private async Task<bool> ReceiveDataAsync(CancellationToken cancellation)
    {
        string? id = null;
        var inHeader = true;
        while (await _reader.ReadLineAsync(cancellation) is { } line)
        {
            var span = line.Span;
            if (span is [(byte)'.'])
            {
                // smtp-source's messages may carry no Message-Id: they are counted all the same.
                arrivals.Record(id ?? arrivals.AnonymousId());

                await ReplyAsync("250 2.0.0 Ok: queued", cancellation);
                return true;
            }

            if (inHeader)
            {
                if (span.Length == 0)
                {
                    inHeader = false;
                }
                else if (id is null && span.Length > MessageIdHeader.Length && Ascii.EqualsIgnoreCase(span[..MessageIdHeader.Length], MessageIdHeader))
                {
                    id = Encoding.ASCII.GetString(span[MessageIdHeader.Length..]).Trim().Trim('<', '>');
                }
            }
        }

        return false;
    }

    private void Attach(Stream stream)
    {
        _output = new BufferedStream(stream, 4096);
        _reader = new LineReader(stream);
    }

    private async Task ReplyAsync(string reply, CancellationToken cancellation, bool flush = false)
    {
        await _output.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellation);
        if (flush || !_reader.HasBuffered)
        {
            await _output.FlushAsync(cancellation);
        }
    }

    private static string Verb(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        var verb = space < 0 ? line : line[..space];
        return verb.Length is > 0 and <= 8 ? Encoding.ASCII.GetString(verb).ToUpperInvariant() : "";
    }
}
