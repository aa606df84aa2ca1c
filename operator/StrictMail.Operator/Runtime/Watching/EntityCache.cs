using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>The watcher's local cache: "namespace/name" to the latest object, with the relist diff.</summary>
/// <typeparam name="TEntity">The cached entity.</typeparam>
internal sealed class EntityCache<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, TEntity> _items = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Grows with every change to the cache: equal versions mean equal contents.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>"namespace/name", or "name" when cluster-scoped.</summary>
    public static string KeyOf(TEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ns = entity.Metadata?.NamespaceProperty;
        var name = entity.Metadata?.Name ?? string.Empty;
        return string.IsNullOrEmpty(ns) ? name : ns + "/" + name;
    }

    /// <summary>The latest object under <paramref name="key"/>, if cached.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TEntity entity) => _items.TryGetValue(key, out entity);

    /// <summary>The cached keys, copied.</summary>
    public IReadOnlyList<string> Keys() => [.. _items.Keys];

    /// <summary>The cached objects, copied.</summary>
    public IReadOnlyList<TEntity> Values() => [.. _items.Values];

    /// <summary>A copy of the cache.</summary>
    public IReadOnlyDictionary<string, TEntity> Snapshot() => new Dictionary<string, TEntity>(_items, StringComparer.Ordinal);

    /// <summary>Applies a watch event; the change to report, or null for anything but ADDED/MODIFIED/DELETED.</summary>
    public WatchEvent<TEntity>? Apply(WatchEventType type, TEntity entity)
    {
        if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted))
        {
            return null;
        }

        var key = KeyOf(entity);
        if (type == WatchEventType.Deleted)
        {
            _items.TryRemove(key, out _);
        }
        else
        {
            _items[key] = entity;
        }

        Interlocked.Increment(ref _version);

        return new WatchEvent<TEntity>(type, entity, key);
    }

    /// <summary>
    /// Replaces the keys <paramref name="owns"/> selects with a fresh list; returns the diff: DELETED for
    /// objects gone (with their last known state), ADDED for new ones, MODIFIED for changed resourceVersions.
    /// </summary>
    public IReadOnlyList<WatchEvent<TEntity>> Replace(IEnumerable<TEntity> items, Func<string, bool> owns)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(owns);
        var fresh = new Dictionary<string, TEntity>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            fresh[KeyOf(item)] = item;
        }

        var changes = new List<WatchEvent<TEntity>>();
        foreach (var (key, old) in _items.Where(p => owns(p.Key)).ToList())
        {
            if (!fresh.ContainsKey(key) && _items.TryRemove(key, out _))
            {
                changes.Add(new WatchEvent<TEntity>(WatchEventType.Deleted, old, key));
            }
        }

        foreach (var (key, item) in fresh)
        {
            if (!_items.TryGetValue(key, out var cached))
            {
                _items[key] = item;
                changes.Add(new WatchEvent<TEntity>(WatchEventType.Added, item, key));
            }
            else if (!string.Equals(cached.Metadata?.ResourceVersion, item.Metadata?.ResourceVersion, StringComparison.Ordinal))
            {
                _items[key] = item;
                changes.Add(new WatchEvent<TEntity>(WatchEventType.Modified, item, key));
            }
        }

        if (changes.Count > 0)
        {
            Interlocked.Increment(ref _version);
        }

        return changes;
    }
}
