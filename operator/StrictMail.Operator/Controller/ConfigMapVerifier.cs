using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Asks the document sync to compare the stored ConfigMap with the desired one every verify period
/// while leading, so a hand edit is repaired even when no policy changes and every policy is Ready.
/// Starts only once the cache has synced: an empty cache must never be written over the document.
/// </summary>
internal sealed class ConfigMapVerifier(PolicyDocumentSync document, Func<bool> leading, TimeSpan interval)
{
    /// <summary>Verifies until cancelled; a failed read or write is retried at the next tick.</summary>
    public async Task RunAsync(IEntityStore<TlsPolicy> store, Task synced, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(synced);
        try
        {
            await synced.WaitAsync(cancellation).ConfigureAwait(false);
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                if (!leading())
                {
                    continue;
                }

                try
                {
                    await document.ReconcileAsync(store, RelayRevisions.None, DateTime.UtcNow, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TimeoutException)
                {
                    continue;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
