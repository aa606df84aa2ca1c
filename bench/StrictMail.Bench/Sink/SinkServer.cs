using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Bench.Sink;

/// <summary>
/// The receiving MX of the benchmark, on loopback: STARTTLS with the test certificate when given (Secure runs), plaintext
/// only otherwise (Opportunistic runs). It does no work beyond parsing, so it outruns either relay; its limit is measured too.
/// </summary>
internal sealed class SinkServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly X509Certificate2? _certificate;

    private SinkServer(Socket listener, X509Certificate2? certificate)
    {
        _listener = listener;
        _certificate = certificate;
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public Arrivals Arrivals { get; } = new();

    public static SinkServer Start(IPAddress address, X509Certificate2? certificate)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(512);
        return new SinkServer(listener, certificate);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token);
            socket.NoDelay = true;
            var session = new SinkSession(socket, _certificate, Arrivals);
            _ = Task.Run(() => session.RunAsync(_stop.Token));
        }
    }
}
