using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>
/// A pod that wears the relay labels but answers /policy as an attacker would: with a redirect, or with a body that
/// never ends (bounded here: it stops after <see cref="MaxBytes"/> or when the reader hangs up). Loopback only.
/// </summary>
internal sealed class HostileRelay : IAsyncDisposable
{
    public const long MaxBytes = 256L * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _bodyBytesSent;

    public HostileRelay(IPAddress address, int port, string head, bool endlessBody)
    {
        _listener = new TcpListener(address, port);
        _listener.Start();
        _serving = ServeAsync(Encoding.ASCII.GetBytes(head), endlessBody);
    }

    /// <summary>Body bytes written before the reader hung up.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    public int Requests { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(byte[] head, bool endlessBody)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Requests++;
            var stream = client.GetStream();
            var request = new byte[4096];
            _ = await stream.ReadAsync(request, _stop.Token);
            try
            {
                await stream.WriteAsync(head, _stop.Token);
                var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                while (endlessBody && BodyBytesSent < MaxBytes)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _bodyBytesSent, chunk.Length);
                }
            }
            catch (IOException)
            {
                // The reader hung up: what a hostile relay should get.
            }
        }
    }
}
