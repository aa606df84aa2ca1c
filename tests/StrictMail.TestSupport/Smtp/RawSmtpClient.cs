using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>A line-level SMTP client for tests that must send what MailKit never would (e.g. STARTTLS that was not offered).</summary>
internal sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SmtpLineReader _reader;

    private RawSmtpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new SmtpLineReader(_stream);
    }

    /// <summary>Connects to <paramref name="endPoint"/> (127.0.0.0/8 only); the greeting is left to <see cref="ReadReplyAsync"/>.</summary>
    public static async Task<RawSmtpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            await socket.ConnectAsync(Loopback.Require(endPoint), timeout.Token);
            return new RawSmtpClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one line (CRLF added) without waiting for a reply.</summary>
    public async Task SendAsync(string line) => await _stream.WriteAsync(SmtpText.Encode(line));

    /// <summary>Reads one whole reply; its lines without CRLF. Empty when the server closed the connection.</summary>
    public Task<IReadOnlyList<string>> ReadReplyAsync() => _reader.ReadReplyAsync(ReadTimeout);

    /// <summary>Sends a command and returns its reply.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string line)
    {
        await SendAsync(line);
        return await ReadReplyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
