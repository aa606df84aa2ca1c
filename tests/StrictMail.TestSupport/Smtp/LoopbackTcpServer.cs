using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace StrictMail.TestSupport.Smtp;

/// <summary>
/// A TCP accept loop on a loopback address (and an ephemeral port unless told) that runs one handler per connection and, on dispose,
/// stops listening, aborts every open connection and waits (bounded) for the handlers to finish.
/// </summary>
internal sealed class LoopbackTcpServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<Socket, int, CancellationToken, Task> _handler;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly ConcurrentQueue<Task> _sessions = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _disposed;

    /// <param name="address">An address in 127.0.0.0/8.</param>
    /// <param name="handler">Serves one connection: the socket, its 1-based number and the server's stopping token.</param>
    /// <param name="port">0 for a port chosen by the OS.</param>
    public LoopbackTcpServer(IPAddress address, Func<Socket, int, CancellationToken, Task> handler, int port = 0)
    {
        _handler = handler;
        _listener = new TcpListener(Loopback.Require(address), port);
        _listener.Start(64);
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Unexpected exceptions from handlers (network errors and cancellation are expected and left out).</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    public async ValueTask DisposeAsync()
    {
        if (BeginShutdown())
        {
            try
            {
                await Task.WhenAll([_acceptLoop, .. _sessions]).WaitAsync(ShutdownTimeout);
            }
            catch (TimeoutException)
            {
                // Handlers are bounded by their own timeouts; do not hang a test run on one that is not.
            }

            _stopping.Dispose();
        }
    }

    public void Dispose()
    {
        if (BeginShutdown())
        {
            Task.WaitAll([_acceptLoop, .. _sessions], ShutdownTimeout);
            _stopping.Dispose();
        }
    }

    private bool BeginShutdown()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return false;
        }

        _stopping.Cancel();
        _listener.Stop();
        foreach (var socket in _open.Values)
        {
            socket.Dispose();
        }

        return true;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            // SMTP replies are written line by line: without TCP_NODELAY each later line waits for the client's delayed ACK (40 ms).
            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _connections);
            _open[id] = socket;
            _sessions.Enqueue(Task.Run(() => ServeAsync(socket, id)));
        }
    }

    private async Task ServeAsync(Socket socket, int id)
    {
        try
        {
            await _handler(socket, id, _stopping.Token);
        }
        catch (Exception e) when (IsExpected(e))
        {
            // The peer went away, timed out, or the server is stopping.
        }
        catch (Exception e)
        {
            _faults.Enqueue(e);
        }
        finally
        {
            _open.TryRemove(id, out _);
            socket.Dispose();
        }
    }

    private static bool IsExpected(Exception e) =>
        e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or AuthenticationException;
}
