using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>
/// A STARTTLS-downgrading man in the middle: a TCP proxy on loopback in front of an upstream SMTP server (a
/// <see cref="FakeMxServer"/> or a real Postfix) that strips the STARTTLS offer or rejects STARTTLS, and otherwise forwards
/// every byte unchanged in both directions.
/// </summary>
internal sealed class StartTlsStripper : IAsyncDisposable, IDisposable
{
    private readonly LoopbackTcpServer _listener;
    private volatile StartTlsStripMode _mode;
    private int _offersStripped;
    private int _startTlsAnswered;

    /// <param name="upstream">The real server, on 127.0.0.0/8.</param>
    /// <param name="mode">The attack.</param>
    /// <param name="address">Where to listen, in 127.0.0.0/8; default a fresh one from <see cref="Loopback.NextAddress"/>.</param>
    public StartTlsStripper(IPEndPoint upstream, StartTlsStripMode mode, IPAddress? address = null)
    {
        Upstream = Loopback.Require(upstream);
        _mode = mode;
        _listener = new LoopbackTcpServer(address ?? Loopback.NextAddress(), ServeAsync);
    }

    /// <summary>Where clients connect (port chosen by the OS).</summary>
    public IPEndPoint EndPoint => _listener.EndPoint;

    public IPEndPoint Upstream { get; }

    /// <summary>The attack for connections accepted from now on.</summary>
    public StartTlsStripMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public int ConnectionCount => _listener.ConnectionCount;

    /// <summary>EHLO replies from which the STARTTLS line was removed.</summary>
    public int OffersStripped => Volatile.Read(ref _offersStripped);

    /// <summary>STARTTLS commands the proxy answered itself (502 or 454) instead of forwarding.</summary>
    public int StartTlsAnswered => Volatile.Read(ref _startTlsAnswered);

    /// <summary>Unexpected exceptions in connections (network errors are expected and left out).</summary>
    public IReadOnlyList<Exception> Faults => _listener.Faults;

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(Socket client, int connectionId, CancellationToken stopping)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connect.CancelAfter(TimeSpan.FromSeconds(5));
            await server.ConnectAsync(Upstream, connect.Token);
        }

        using var connection = new StripperConnection(
            _mode, client, server, () => Interlocked.Increment(ref _offersStripped), () => Interlocked.Increment(ref _startTlsAnswered));
        await connection.RunAsync(stopping);
    }
}
