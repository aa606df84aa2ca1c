using System.Net;
using k8s.Models;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Which relay pods count for `relays.desired`: running, Ready, not terminating, with a pod IP.
/// A pod that is starting or draining does not hold a policy back. Pure.
/// </summary>
internal static class RelayPodSelector
{
    /// <summary>The admin URL of a relay pod: http, its IP (IPv6 in brackets) and the admin port.</summary>
    public static Uri AdminUri(IPAddress address, int adminPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"http://{host}:{adminPort}");
    }

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
