using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>One proxied connection of a <see cref="StartTlsStripper"/>: two pumps, line by line until the attack is done.</summary>
internal sealed class StripperConnection(
    StartTlsStripMode mode, Socket client, Socket server, Action offerStripped, Action startTlsAnswered) : IDisposable
{
    private const int MaxReplyLines = 100;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _clientWrite = new(1, 1);

    public async Task RunAsync(CancellationToken stopping)
    {
        await using var clientStream = new NetworkStream(client, ownsSocket: false);
        await using var serverStream = new NetworkStream(server, ownsSocket: false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var upstream = PumpSafelyAsync(() => ClientToServerAsync(clientStream, serverStream, done.Token), server);
        var downstream = PumpSafelyAsync(() => ServerToClientAsync(serverStream, clientStream, done.Token), client);
        await Task.WhenAny(upstream, downstream);
        done.CancelAfter(DrainTimeout);
        await Task.WhenAll(upstream, downstream);
    }

    public void Dispose() => _clientWrite.Dispose();

    /// <summary>Runs a pump; when it ends, half-closes its destination so the other side sees end of stream.</summary>
    private static async Task PumpSafelyAsync(Func<Task> pump, Socket destination)
    {
        try
        {
            await pump();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away or the proxy is stopping.
        }
        finally
        {
            try
            {
                destination.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    private async Task ClientToServerAsync(Stream client, Stream server, CancellationToken ct)
    {
        if (mode == StartTlsStripMode.PassThrough)
        {
            await client.CopyToAsync(server, ct);
            return;
        }

        var reader = new SmtpLineReader(client);
        var inData = false;
        while (true)
        {
            var startsLine = reader.AtLineStart;
            if (await ReadAsync(reader, ct) is not { } chunk)
            {
                return;
            }

            var command = startsLine && reader.AtLineStart ? SmtpText.Decode(chunk).Trim() : null;
            if (inData)
            {
                // Message content is never a command, whatever it says.
                inData = command != ".";
            }
            else if (command is not null && SmtpText.IsCommand(command, "STARTTLS"))
            {
                startTlsAnswered();
                var reply = mode == StartTlsStripMode.Reject454 ? "454 4.7.0 TLS not available" : "502 5.5.1 not implemented";
                await WriteToClientAsync(client, [SmtpText.Encode(reply)], ct);
                continue;
            }
            else
            {
                inData = command is not null && SmtpText.IsCommand(command, "DATA");
            }

            await server.WriteAsync(chunk, ct);
            await server.FlushAsync(ct);
        }
    }

    private async Task ServerToClientAsync(Stream server, Stream client, CancellationToken ct)
    {
        if (mode == StartTlsStripMode.PassThrough)
        {
            await server.CopyToAsync(client, ct);
            return;
        }

        var reader = new SmtpLineReader(server);
        while (true)
        {
            List<byte[]> reply = [];
            while (reply.Count < MaxReplyLines && await ReadAsync(reader, ct) is { } line)
            {
                reply.Add(line);
                if (reader.AtLineStart && EhloReplyRewriter.IsLastLine(SmtpText.Decode(line)))
                {
                    break;
                }
            }

            if (reply.Count == 0)
            {
                return;
            }

            var rewritten = mode == StartTlsStripMode.StripOffer ? EhloReplyRewriter.WithoutStartTls(reply) : null;
            if (rewritten is not null)
            {
                offerStripped();
            }

            await WriteToClientAsync(client, rewritten ?? reply, ct);
        }
    }

    private async Task WriteToClientAsync(Stream client, IReadOnlyList<byte[]> lines, CancellationToken ct)
    {
        await _clientWrite.WaitAsync(ct);
        try
        {
            foreach (var line in lines)
            {
                await client.WriteAsync(line, ct);
            }

            await client.FlushAsync(ct);
        }
        finally
        {
            _clientWrite.Release();
        }
    }

    private static async Task<byte[]?> ReadAsync(SmtpLineReader reader, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(IdleTimeout);
        return await reader.ReadChunkAsync(idle.Token);
    }
}
