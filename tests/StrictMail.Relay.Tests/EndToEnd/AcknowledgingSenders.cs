using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// Sends numbered messages over several parallel MailKit sessions (each reusing its connection) and records exactly which
/// ones the relay answered 250, with the queue id it named. A session ends at its first failure: the relay died.
/// </summary>
internal sealed class AcknowledgingSenders(string from, string to)
{
    private readonly ConcurrentDictionary<int, byte[]> _attempted = new();
    private readonly ConcurrentDictionary<int, Acknowledgement> _acknowledged = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _next;

    /// <summary>The bytes of every message a session tried to send, by number.</summary>
    public IReadOnlyDictionary<int, byte[]> Attempted => _attempted;

    /// <summary>The messages answered 250, by number.</summary>
    public IReadOnlyDictionary<int, Acknowledgement> Acknowledged => _acknowledged;

    /// <summary>How each session ended with an error ("number: exception type: message").</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    public int AcknowledgedIn(int cycle) => _acknowledged.Values.Count(a => a.Cycle == cycle);

    /// <summary>Runs <paramref name="sessions"/> sessions until each fails or <paramref name="stop"/> fires.</summary>
    public Task RunAsync(IPEndPoint relay, int sessions, int cycle, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(() => SessionAsync(relay, cycle, stop), CancellationToken.None)));

    private async Task SessionAsync(IPEndPoint relay, int cycle, CancellationToken stop)
    {
        SmtpClient client;
        try
        {
            client = await MailKitClients.ConnectAsync(relay, "relay.strictmail.test", SecureSocketOptions.None);
        }
        catch (Exception e) when (IsConnectionLoss(e))
        {
            _failures.Enqueue($"connect: {e.GetType().Name}: {e.Message}");
            return;
        }

        using (client)
        {
            while (!stop.IsCancellationRequested)
            {
                var number = Interlocked.Increment(ref _next);
                var (message, bytes) = NumberedMessage.Create(number, from, to);
                _attempted[number] = bytes;
                try
                {
                    var reply = await client.SendAsync(message, stop);
                    _acknowledged[number] = new Acknowledgement(cycle, reply.Split(' ')[^1]);
                }
                catch (Exception e) when (IsConnectionLoss(e))
                {
                    _failures.Enqueue($"{number}: {e.GetType().Name}: {e.Message}");
                    return;
                }
            }
        }
    }

    private static bool IsConnectionLoss(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException or OperationCanceledException;
}

/// <summary>A 250 for one message: in which kill cycle, and the queue id the relay named ("250 2.0.0 Ok: queued as ID").</summary>
internal sealed record Acknowledgement(int Cycle, string QueueId);
