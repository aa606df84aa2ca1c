using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

/// <summary>
/// A byte-level SMTP client for the inbound tests: it can connect from a chosen loopback address, send anything in one write
/// (pipelined groups, injections, malformed data) and start TLS trusting only the test CA.
/// </summary>
internal sealed class WireClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private Stream _stream;
    private SmtpLineReader _reader;

    private WireClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new SmtpLineReader(_stream);
    }

    /// <summary>Connects to <paramref name="server"/> from <paramref name="from"/> (default: the system's choice, 127.0.0.1) and reads the greeting.</summary>
    public static async Task<(WireClient Client, string Greeting)> ConnectAsync(IPEndPoint server, IPAddress? from = null)
    {
        var socket = await ConnectSocketAsync(server, from);
        var client = new WireClient(socket);
        return (client, (await client.ReadReplyAsync())[^1]);
    }

    /// <summary>Connects, sends EHLO, MAIL FROM:&lt;app@internal.test&gt;, RCPT TO:&lt;a@partner.test&gt; and DATA in one write, and checks for 354.</summary>
    public static async Task<WireClient> InDataAsync(IPEndPoint server)
    {
        var (client, _) = await ConnectAsync(server);
        await client.SendRawAsync("EHLO app.test\r\nMAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\nDATA\r\n");
        var replies = await client.ReadRepliesAsync(4);
        if (!replies[3].StartsWith("354 ", StringComparison.Ordinal))
        {
            await client.DisposeAsync();
            throw new InvalidOperationException("DATA was not accepted: " + string.Join(" / ", replies));
        }

        return client;
    }

    /// <summary>A TCP connection from <paramref name="from"/> (bound before connecting) to <paramref name="server"/>.</summary>
    public static async Task<Socket> ConnectSocketAsync(IPEndPoint server, IPAddress? from)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (from is not null)
            {
                socket.Bind(new IPEndPoint(Loopback.Require(from), 0));
            }

            using var timeout = new CancellationTokenSource(ReadTimeout);
            await socket.ConnectAsync(Loopback.Require(server), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The server's certificate once TLS started.</summary>
    public X509Certificate? RemoteCertificate => (_stream as SslStream)?.RemoteCertificate;

    /// <summary>Sends <paramref name="text"/> exactly as given (Latin-1), in one write.</summary>
    public async Task SendRawAsync(string text) => await SendRawAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Sends <paramref name="bytes"/> in one write.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one reply; its lines without CRLF; empty when the server closed the connection.</summary>
    public Task<IReadOnlyList<string>> ReadReplyAsync() => _reader.ReadReplyAsync(ReadTimeout);

    /// <summary>The last line of each of the next <paramref name="count"/> replies.</summary>
    public async Task<IReadOnlyList<string>> ReadRepliesAsync(int count)
    {
        var replies = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var reply = await ReadReplyAsync();
            replies.Add(reply.Count == 0 ? "<closed>" : reply[^1]);
        }

        return replies;
    }

    /// <summary>Sends one command line and returns the last line of its reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendRawAsync(line + "\r\n");
        var reply = await ReadReplyAsync();
        return reply.Count == 0 ? "<closed>" : reply[^1];
    }

    /// <summary>True when the server closed the connection (reading gives end of stream).</summary>
    public async Task<bool> IsClosedAsync() => (await ReadReplyAsync()).Count == 0;

    /// <summary>TLS handshake as the client, trusting only the test CA, for <see cref="InboundHarness.HostName"/>.</summary>
    public async Task StartTlsAsync()
    {
        var validator = new CustomRootValidator(TestPki.Shared.Ca.Certificate);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, validator.Callback);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = InboundHarness.HostName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
        _stream = tls;
        _reader = new SmtpLineReader(tls);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
