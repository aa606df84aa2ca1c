using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Leadership;

/// <summary>Reads and writes the one Lease an election competes for.</summary>
internal sealed class LeaseStore(IKubernetes client, LeaderElectionOptions options)
{
    /// <summary>The Lease, or null when it does not exist.</summary>
    public async Task<V1Lease?> GetAsync(CancellationToken cancellation)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(options.Name, options.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the Lease; null when someone else created it first (409).</summary>
    public Task<V1Lease?> CreateAsync(V1Lease lease, CancellationToken cancellation) =>
        UnlessConflictAsync(client.CoordinationV1.CreateNamespacedLeaseAsync(lease, options.Namespace, fieldManager: options.Identity, cancellationToken: cancellation));

    /// <summary>Replaces the Lease at its resourceVersion; null when someone else wrote it first (409).</summary>
    public Task<V1Lease?> ReplaceAsync(V1Lease lease, CancellationToken cancellation) =>
        UnlessConflictAsync(client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.Name, options.Namespace, fieldManager: options.Identity, cancellationToken: cancellation));

    private static async Task<V1Lease?> UnlessConflictAsync(Task<V1Lease> write)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }
}
