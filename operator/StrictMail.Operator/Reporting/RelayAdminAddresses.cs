using k8s;
using StrictMail.Operator.Controller;

namespace StrictMail.Operator.Reporting;

/// <summary>The admin URLs of the ready relay pods, in pod name order: whom the leader asks for results (the first that answers takes the reports).</summary>
internal static class RelayAdminAddresses
{
    public static async Task<IReadOnlyList<Uri>> ReadyAsync(IKubernetes client, string @namespace, string selector, int adminPort, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: selector, cancellationToken: cancellation).ConfigureAwait(false);
        return [.. RelayPodSelector.ReadyAddresses(pods.Items).Select(address => new Uri($"http://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{adminPort}"))];
    }
}
