// Trust: the pod list comes from the API server; each pod's answer is a claim about itself only
// (see RelayRevisionReader), and a pod that does not answer counts as not applied.
using k8s;

namespace StrictMail.Operator.Controller;

/// <summary>
/// The ready relay pods and the revision each runs. One reading (a pod list and one GET per pod)
/// serves every reconciliation for <see cref="PolicyControllerOptions.RelayCacheTime"/>, so 1,000
/// policies waiting for relays do not ask the relays 1,000 times.
/// </summary>
internal sealed class RelayFleet(IKubernetes client, RelayRevisionReader reader, PolicyControllerOptions options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RelayRevisions? _last;
    private DateTimeOffset _readAt;
    private long _changes;

    /// <summary>Grows whenever a reading differs from the one before (a relay applied a revision, a pod came or went).</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Readings so far (for tests of the cache).</summary>
    public int Readings { get; private set; }

    public async Task<RelayRevisions> ReadAsync(CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_last is not null && clock.GetUtcNow() - _readAt < options.RelayCacheTime)
            {
                return _last;
            }

            var pods = await client.CoreV1.ListNamespacedPodAsync(options.Namespace, labelSelector: options.RelaySelector, cancellationToken: cancellation).ConfigureAwait(false);
            var reading = await reader.ReadAsync(RelayPodSelector.ReadyAddresses(pods.Items), cancellation).ConfigureAwait(false);
            if (_last is null || !_last.Applied.SequenceEqual(reading.Applied, StringComparer.Ordinal))
            {
                Interlocked.Increment(ref _changes);
            }

            _last = reading;
            _readAt = clock.GetUtcNow();
            Readings++;
            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
