using System.Net;

namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>
/// What stands between AUTH attempts and the CPU: a bounded number of password checks at once, and a delay before each
/// failure's reply that grows with the client address's recent failures. Known and unknown users take the same path.
/// </summary>
internal sealed class AuthThrottle(PasswordCheckGate gate, ClientFailureLedger ledger, TimeSpan firstDelay, TimeSpan maxDelay) : IDisposable
{
    /// <summary>Client addresses whose failures are remembered at most.</summary>
    public const int MaxTrackedClients = 100_000;

    /// <summary>Runs <paramref name="check"/> when a slot is free; null when none freed up in time.</summary>
    public Task<bool?> CheckAsync(Func<bool> check, CancellationToken cancellation) => gate.RunAsync(check, cancellation);

    /// <summary>Records a failure from <paramref name="client"/>: its recent failures, and how long to wait before answering this one.</summary>
    public (int Failures, TimeSpan Delay) Failed(IPAddress client)
    {
        var failures = ledger.Failed(client, Now());
        return (failures, FailureBackoff.Delay(failures, firstDelay, maxDelay));
    }

    public void Dispose() => gate.Dispose();

    private static TimeSpan Now() => TimeSpan.FromMilliseconds(Environment.TickCount64);
}
