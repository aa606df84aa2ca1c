using k8s;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>Every version of one TlsPolicy the API server stores from now on, seen on a watch (a poll could miss a short-lived one).</summary>
internal sealed class PolicyHistory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TlsPolicy> _versions = [];
    private readonly Task _watching;

    private PolicyHistory(IKubernetes client, string ns, string name, string resourceVersion) =>
        _watching = WatchAsync(client, ns, name, resourceVersion);

    /// <summary>The versions seen so far, oldest first.</summary>
    public IReadOnlyList<TlsPolicy> Versions
    {
        get
        {
            lock (_versions)
            {
                return [.. _versions];
            }
        }
    }

    /// <summary>Starts watching after the stored <paramref name="current"/> version.</summary>
    public static PolicyHistory After(IKubernetes client, TlsPolicy current) =>
        new(client, current.Metadata.NamespaceProperty, current.Metadata.Name, current.Metadata.ResourceVersion);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(IKubernetes client, string ns, string name, string resourceVersion)
    {
        var request = client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
            TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural,
            fieldSelector: $"metadata.name={name}", resourceVersion: resourceVersion, watch: true, cancellationToken: _stop.Token);
#pragma warning disable CS0618 // the typed watch overload, as the operator's watcher uses it
        await foreach (var (_, policy) in request.WatchAsync<TlsPolicy, object>(cancellationToken: _stop.Token))
#pragma warning restore CS0618
        {
            if (policy.Metadata?.Name == name)
            {
                lock (_versions)
                {
                    _versions.Add(policy);
                }
            }
        }
    }
}
