// Trust: SMTP clients are untrusted until they authenticate over TLS or connect from ClientNetworks; every input is bounded
// (line lengths, message size, recipients, errors, connections, idle time) and nothing is answered 250 before the queue has
// it on disk.
//
// Why our own server and not the SmtpServer package (11.1.0): SmtpServer reads a whole message into memory before handing it
// on, while we must stream DATA to the queue in bounded chunks; and we need exact control of reply codes, line-length
// handling, the CRLF.CRLF end-of-data rule (SMTP smuggling), discarding pipelined plaintext at STARTTLS (CVE-2011-0411),
// certificate reload per handshake and the per-RCPT relay decision. The protocol subset is small; owning it costs less than
// working around a library.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Inbound.Abuse;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Inbound.Smtp;
using StrictMail.Relay.Inbound.Tls;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Inbound;

/// <summary>The inbound SMTP listener: accepts connections up to MaxConnections (and MaxConnectionsPerClient from one address) and runs one <see cref="SmtpSession"/> each.</summary>
internal sealed class InboundServer : IHostedService, IDisposable
{
    private readonly InboundContext? _context;
    private readonly ILogger<InboundServer> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _sessions = [];
    private readonly ClientConnectionLimiter? _perClient;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _active;

    /// <summary>Uses the registered queue (the last one wins); without one the server logs that and does not listen.</summary>
    public InboundServer(
        IOptions<InboundOptions> options, IEnumerable<IMessageQueue> queues, UserDirectory users, ServerCertificateSource certificates,
        RelayMetrics metrics, TimeProvider time, ILogger<InboundServer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        if (queues.LastOrDefault() is { } queue)
        {
            var settings = options.Value;
            _context = new InboundContext(
                settings, ClientNetworks.Parse(settings.ClientNetworks), queue, users, certificates, Throttle(settings), metrics, time, logger);
            _perClient = new ClientConnectionLimiter(settings.MaxConnectionsPerClient);
        }
    }

    /// <summary>Where the server listens (the real port when ListenAddress asked for port 0); null until started.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_context is null)
        {
            InboundLog.NoQueue(_logger);
            return Task.CompletedTask;
        }

        var address = IPEndPoint.Parse(_context.Options.ListenAddress);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(address);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _context.Users.Refresh();
        _ = _context.Certificates.Current();
        InboundLog.Listening(_logger, EndPoint, _context.Certificates.IsConfigured, _context.Users.IsEnabled);
        _acceptLoop = AcceptLoopAsync(_context, listener);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        Task[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        if (sessions.Length == 0)
        {
            return;
        }

        InboundLog.Stopping(_logger, sessions.Length);
        try
        {
            await Task.WhenAll(sessions).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            InboundLog.Aborting(_logger, sessions.Count(s => !s.IsCompleted));
            await _abort.CancelAsync();
            await Task.WhenAll(sessions);
        }
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _context?.Auth.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task AcceptLoopAsync(InboundContext context, Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when ((e is OperationCanceledException or ObjectDisposedException) && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // E.g. out of file descriptors: say so, and do not spin.
                InboundLog.AcceptFailed(_logger, e);
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                continue;
            }

            client.NoDelay = true;
            var remote = RemoteAddress(client);
            if (Interlocked.Increment(ref _active) > context.Options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                InboundLog.ConnectionRefused(context.Logger, remote, context.Options.MaxConnections);
                context.Metrics.InboundRefused("connection_limit");
                await RefuseAsync(client, SmtpReplies.TooManyConnections(context.Options.HostName));
                continue;
            }

            if (!_perClient!.TryEnter(remote))
            {
                Interlocked.Decrement(ref _active);
                InboundLog.ClientConnectionRefused(context.Logger, remote, _perClient.Open(remote));
                context.Metrics.InboundRefused("client_connection_limit");
                await RefuseAsync(client, SmtpReplies.TooManyConnectionsFromClient(context.Options.HostName));
                continue;
            }

            Track(ServeAsync(context, client, remote));
        }
    }

    private void Track(Task session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
        }

        _ = session.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _sessions.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ServeAsync(InboundContext context, Socket client, IPAddress remote)
    {
        await Task.Yield();
        var state = new SessionState(Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), remote);
        try
        {
            InboundLog.SessionStarted(_logger, state.SessionId, state.Client);
            await using var transport = new SmtpTransport(
                new NetworkStream(client, ownsSocket: true), context.BufferSize, TransportTimeouts.From(context.Options));
            await new SmtpSession(context, transport, state).RunAsync(_stopping.Token, _abort.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown timeout: the client heard no 250 for an unfinished message and will send it again.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            InboundLog.SessionFailed(_logger, e, state.SessionId);
        }
        finally
        {
            client.Dispose();
            _perClient!.Leave(remote);
            Interlocked.Decrement(ref _active);
            InboundLog.SessionEnded(_logger, state.SessionId, state.Messages, state.Errors);
        }
    }

    private static async Task RefuseAsync(Socket client, SmtpReply reply)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.SendAsync(reply.ToBytes(), SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Best effort: the connection is refused either way.
            }
        }
    }

    // Built here rather than in Abuse/, which knows nothing of the inbound settings.
    private static AuthThrottle Throttle(InboundOptions settings) => new(
        new PasswordCheckGate(settings.EffectiveMaxConcurrentAuth, settings.AuthQueueTimeout),
        new ClientFailureLedger(settings.AuthFailureMemory, AuthThrottle.MaxTrackedClients),
        settings.AuthFailureDelay,
        settings.AuthFailureMaxDelay);

    private static IPAddress RemoteAddress(Socket client) =>
        client.RemoteEndPoint is IPEndPoint remote ? ClientNetworks.Normalize(remote.Address) : IPAddress.None;
}
