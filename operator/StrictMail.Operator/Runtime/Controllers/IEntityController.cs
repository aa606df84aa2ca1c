using k8s;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>
/// A controller in KubeOps' shape: called with the latest state of one object after any change to it
/// (and on every resync), and once with its last known state after it is gone. Calls for one object
/// never overlap; an exception retries the object with exponential backoff.
/// </summary>
/// <typeparam name="TEntity">The reconciled entity.</typeparam>
internal interface IEntityController<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Brings the world in line with <paramref name="entity"/>.</summary>
    Task<ReconcileResult> ReconcileAsync(TEntity entity, CancellationToken cancellation);

    /// <summary>Cleans up after <paramref name="entity"/>, which no longer exists.</summary>
    Task<ReconcileResult> DeletedAsync(TEntity entity, CancellationToken cancellation);
}
