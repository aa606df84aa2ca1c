using k8s;
using StrictMail.Operator.Controller;

namespace StrictMail.Operator.Reporting;

/// <summary>
/// The admin URLs of the ready relay pods, in pod name order (whom the leader asks for results; the first that answers
/// takes the reports), and how many relay pods there are that are not being deleted, ready or not (a restarting relay
/// still holds its days on its volume, so the leader waits for it).
/// </summary>
internal static class RelayAdminAddresses
{
    public static async Task<ReportingRelays> ReadAsync(IKubernetes client, string @namespace, string selector, int adminPort, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: selector, cancellationToken: cancellation).ConfigureAwait(false);
        var ready = RelayPodSelector.ReadyAddresses(pods.Items).Select(address => RelayPodSelector.AdminUri(address, adminPort));
        return new ReportingRelays([.. ready], pods.Items.Count(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed")));
    }
}
