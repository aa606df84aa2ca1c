using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>
/// A small real SMTP server on loopback: banner, EHLO (with or without STARTTLS), STARTTLS with a
/// server certificate, QUIT. Or, when <c>silent</c>, one that accepts and never says anything.
/// </summary>
internal sealed class StartTlsMx : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly bool _offerStartTls;
    private readonly bool _silent;
    private readonly SslProtocols _protocols;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Task> _sessions = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly Task _accepting;

    /// <param name="certificate">The STARTTLS certificate; null: STARTTLS is not offered.</param>
    /// <param name="address">A 127.0.0.0/8 address; default a fresh one.</param>
    /// <param name="port">0 for any free port, or the port another test MX uses (the probe has one port for all).</param>
    /// <param name="silent">Accept connections and never answer.</param>
    /// <param name="protocols">TLS versions the server allows; None: the system's default.</param>
    public StartTlsMx(X509Certificate2? certificate, IPAddress? address = null, int port = 0, bool silent = false, SslProtocols protocols = SslProtocols.None)
    {
        address ??= ProbeLoopback.NextAddress();
        if (address.GetAddressBytes()[0] != 127)
        {
            throw new ArgumentException("Test MX hosts listen on loopback only.", nameof(address));
        }

        _certificate = certificate;
        _offerStartTls = certificate is not null;
        _silent = silent;
        _protocols = protocols;
        _listener = new TcpListener(address, port);
        _listener.Start(16);
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every command received, in order, over plaintext and TLS.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_sessions);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _sessions.Enqueue(Task.Run(() => ServeAsync(client)));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = client;
        try
        {
            Stream stream = client.GetStream();
            if (_silent)
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }

            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            await WriteAsync(stream, "220 mx.test ESMTP test\r\n");
            while (await reader.ReadLineAsync(_stopping.Token) is { } line)
            {
                _commands.Enqueue(line);
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "EHLO")
                {
                    await WriteAsync(stream, "250-mx.test greets you\r\n250-PIPELINING\r\n" + (_offerStartTls ? "250-STARTTLS\r\n" : string.Empty) + "250 8BITMIME\r\n");
                }
                else if (verb == "STARTTLS" && _offerStartTls)
                {
                    await WriteAsync(stream, "220 2.0.0 go ahead\r\n");
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = _protocols },
                        _stopping.Token);
                    stream = tls;
                    reader = new StreamReader(tls, Encoding.ASCII, false, 1024, leaveOpen: true);
                }
                else if (verb == "QUIT")
                {
                    await WriteAsync(stream, "221 2.0.0 bye\r\n");
                    return;
                }
                else
                {
                    await WriteAsync(stream, "502 5.5.1 not here\r\n");
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
        {
            // The probe hung up, timed out, or the test is over.
        }
    }

    private async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stopping.Token);
        await stream.FlushAsync(_stopping.Token);
    }
}
