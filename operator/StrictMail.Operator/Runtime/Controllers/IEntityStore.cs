using k8s;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>
/// What a controller may see of its host: the watched objects as cached and a way to queue objects
/// again (for controllers whose result depends on several objects, like one ConfigMap for all policies).
/// </summary>
/// <typeparam name="TEntity">The watched entity.</typeparam>
internal interface IEntityStore<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Every watched object, latest known state.</summary>
    IReadOnlyList<TEntity> Items { get; }

    /// <summary>Grows with every change to <see cref="Items"/>: equal versions, equal items (cheap change detection).</summary>
    long Version { get; }

    /// <summary>Queues every watched object for reconciliation (merged with what is already queued).</summary>
    void RequeueAll();
}
