using System.Net;
using k8s.Models;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Which relay pods count for `relays.desired`: running, Ready, not terminating, with a pod IP.
/// A pod that is starting or draining does not hold a policy back. Pure.
/// </summary>
internal static class RelayPodSelector
{
    public static IReadOnlyList<IPAddress> ReadyAddresses(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var addresses = new List<IPAddress>();
        foreach (var pod in pods.OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal))
        {
            if (pod.Metadata?.DeletionTimestamp is null
                && pod.Status?.Phase == "Running"
                && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
                && IPAddress.TryParse(pod.Status.PodIP, out var address))
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }
}
