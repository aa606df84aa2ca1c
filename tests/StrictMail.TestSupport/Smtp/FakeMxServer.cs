using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>
/// An in-process receiving MX on loopback that speaks enough ESMTP for MailKit (EHLO, STARTTLS, MAIL, RCPT, DATA, RSET,
/// NOOP, QUIT), misbehaves on demand (see <see cref="FakeMxOptions"/>) and records what it received.
/// </summary>
internal sealed class FakeMxServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    private readonly LoopbackTcpServer _listener;
    private readonly FakeMxLog _log = new();
    private volatile FakeMxOptions _options;

    /// <param name="options">Behaviour; default offers STARTTLS but has no certificate (so STARTTLS gets 454).</param>
    /// <param name="address">An address in 127.0.0.0/8; default a fresh one from <see cref="Loopback.NextAddress"/>.</param>
    /// <param name="port">0 for a port chosen by the OS, or one that another test MX on another address uses (a client with one port for all).</param>
    public FakeMxServer(FakeMxOptions? options = null, IPAddress? address = null, int port = 0)
    {
        _options = options ?? new FakeMxOptions();
        _listener = new LoopbackTcpServer(address ?? Loopback.NextAddress(), ServeAsync, port);
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint => _listener.EndPoint;

    /// <summary>Behaviour for connections accepted from now on (e.g. stop offering STARTTLS mid-test).</summary>
    public FakeMxOptions Options
    {
        get => _options;
        set => _options = value;
    }

    public int ConnectionCount => _listener.ConnectionCount;

    /// <summary>MAIL FROM commands accepted (transactions started), over all connections.</summary>
    public int TransactionCount => _log.TransactionCount;

    /// <summary>STARTTLS commands received, whatever the answer.</summary>
    public int StartTlsCommandCount => _log.StartTlsCommandCount;

    /// <summary>TLS handshakes that failed or timed out (e.g. the client rejected the certificate).</summary>
    public int FailedHandshakeCount => _log.FailedHandshakeCount;

    /// <summary>Completed TLS handshakes, in order.</summary>
    public IReadOnlyList<TlsSessionInfo> Handshakes => _log.Handshakes;

    /// <summary>Every command line received, in order, over plaintext and TLS (message content excluded).</summary>
    public IReadOnlyList<string> Commands => _log.Commands;

    /// <summary>Messages accepted after DATA, in order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _log.Messages;

    /// <summary>Unexpected exceptions in sessions: a test should assert this is empty when something looks odd.</summary>
    public IReadOnlyList<Exception> Faults => _listener.Faults;

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted (default 5 s); throws TimeoutException.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null) =>
        _log.WaitForMessagesAsync(count, timeout ?? DefaultWait);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(Socket socket, int connectionId, CancellationToken stopping)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        var session = new FakeMxSession(_options, _log, connectionId, network);
        try
        {
            await session.RunAsync(stopping);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }
}
