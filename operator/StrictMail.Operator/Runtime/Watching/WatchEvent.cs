using k8s;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>One change the watcher saw (from the stream or from a relist's diff).</summary>
/// <typeparam name="TEntity">The watched entity.</typeparam>
/// <param name="Type">Added, Modified or Deleted (deleted carries the last known object).</param>
/// <param name="Entity">The object as the server sent it.</param>
/// <param name="Key">The cache key, "namespace/name" (or "name" for a cluster-scoped object).</param>
internal sealed record WatchEvent<TEntity>(WatchEventType Type, TEntity Entity, string Key);
