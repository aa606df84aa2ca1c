using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>A line-level SMTP client whose socket is bound to a chosen local address first, so the server sees that client address.</summary>
internal sealed class BoundSmtpDialog : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly NetworkStream _stream;
    private readonly SmtpLineReader _reader;

    private BoundSmtpDialog(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new SmtpLineReader(_stream);
    }

    /// <summary>Connects from <paramref name="local"/> (any 127.x.y.z can be bound) to <paramref name="server"/>; returns the dialog and the greeting.</summary>
    public static async Task<(BoundSmtpDialog Dialog, IReadOnlyList<string> Greeting)> ConnectAsync(IPEndPoint server, IPAddress local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(Loopback.Require(local), 0));
            using var timeout = new CancellationTokenSource(ReadTimeout);
            await socket.ConnectAsync(Loopback.Require(server), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var dialog = new BoundSmtpDialog(socket);
        return (dialog, await dialog.ReadReplyAsync());
    }

    /// <summary>Sends one command line and returns the whole reply, its lines without CRLF (empty when the server closed).</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string line)
    {
        await _stream.WriteAsync(SmtpText.Encode(line));
        return await ReadReplyAsync();
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private Task<IReadOnlyList<string>> ReadReplyAsync() => _reader.ReadReplyAsync(ReadTimeout);
}
