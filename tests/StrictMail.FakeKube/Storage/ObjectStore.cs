using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>
/// Every object the fake holds, one global resourceVersion counter and the event history. One lock
/// makes each write, its resourceVersion and its event atomic, as etcd does.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<ResourceKey, JsonObject> objects = [];
    private readonly List<WatchSubscription> watches = [];
    private readonly EventHistory history;
    private readonly TimeProvider clock;
    private readonly bool requireNamespaces;
    private long resourceVersion = 1;

    public ObjectStore(FakeKubeOptions options)
    {
        history = new EventHistory(options.HistoryCapacity);
        clock = options.Clock;
        requireNamespaces = options.RequireNamespaces;
    }

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    public JsonObject Get(ResourceType type, string? ns, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue(ResourceKey.For(type, ns, name), out var obj)
                ? (JsonObject)obj.DeepClone()
                : throw ApiErrors.NotFound(type, name);
        }
    }

    /// <summary>The objects of one type (in one namespace, or all when ns is null) and the list's resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, Func<JsonObject, bool> match)
    {
        lock (gate)
        {
            var items = objects
                .Where(pair => pair.Key.IsOf(type) && (ns is null || pair.Key.Namespace == ns) && match(pair.Value))
                .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
                .Select(pair => (JsonObject)pair.Value.DeepClone())
                .ToList();
            return (items, resourceVersion);
        }
    }

    public JsonObject Create(ResourceType type, string? ns, JsonObject incoming)
    {
        lock (gate)
        {
            if (requireNamespaces && type.Namespaced && !objects.ContainsKey(ResourceKey.For(BuiltInResources.Namespaces, null, ns ?? "")))
            {
                throw ApiErrors.NotFound(BuiltInResources.Namespaces, ns ?? "");
            }

            var obj = CreateRules.Prepare(type, ns, incoming, clock.GetUtcNow());
            var key = ResourceKey.For(type, ns, ObjectMeta.Get(obj, "name")!);
            if (objects.ContainsKey(key))
            {
                throw ApiErrors.AlreadyExists(type, key.Name);
            }

            return Write(key, obj, "ADDED");
        }
    }

    /// <summary>Replaces an object (PUT) or applies <paramref name="change"/> to the current one (PATCH).</summary>
    public JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> change, bool statusOnly)
    {
        lock (gate)
        {
            var key = ResourceKey.For(type, ns, name);
            if (!objects.TryGetValue(key, out var existing))
            {
                throw ApiErrors.NotFound(type, name);
            }

            var next = UpdateRules.Next(type, existing, change((JsonObject)existing.DeepClone()), statusOnly);
            if (UpdateRules.IsNoOp(existing, next))
            {
                return (JsonObject)existing.DeepClone();
            }

            if (ObjectMeta.Get(next, "deletionTimestamp") is not null && !ObjectMeta.HasFinalizers(next))
            {
                objects.Remove(key);
                return Write(key, next, "DELETED");
            }

            return Write(key, next, "MODIFIED", existing);
        }
    }

    /// <summary>Deletes at once, or only marks the object when finalizers hold it; preconditions as in DeleteOptions.</summary>
    public (JsonObject Object, bool Gone) Delete(ResourceType type, string? ns, string name, DeletePreconditions? preconditions = null)
    {
        lock (gate)
        {
            var key = ResourceKey.For(type, ns, name);
            if (!objects.TryGetValue(key, out var existing))
            {
                throw ApiErrors.NotFound(type, name);
            }

            preconditions?.Check(type, existing);

            var next = (JsonObject)existing.DeepClone();
            if (ObjectMeta.HasFinalizers(existing))
            {
                if (ObjectMeta.Get(existing, "deletionTimestamp") is not null)
                {
                    return (next, false);
                }

                ObjectMeta.Metadata(next)["deletionTimestamp"] = ObjectMeta.Timestamp(clock.GetUtcNow());
                ObjectMeta.Metadata(next)["deletionGracePeriodSeconds"] = 0;
                return (Write(key, next, "MODIFIED", existing), false);
            }

            objects.Remove(key);
            var deleted = Write(key, next, "DELETED");
            if (type == BuiltInResources.Crds)
            {
                RemoveCustomObjects(existing);
            }

            return (deleted, true);
        }
    }

    /// <summary>Opens a watch; from is null for "current state as ADDED, then changes".</summary>
    public WatchSubscription Watch(ResourceType type, string? ns, Func<JsonObject, bool> match, long? from)
    {
        var subscription = new WatchSubscription(key => key.IsOf(type) && (ns is null || key.Namespace == ns), match);
        lock (gate)
        {
            if (from is { } since)
            {
                if (since < history.CompactedThrough)
                {
                    throw ApiErrors.Gone(since, history.CompactedThrough + 1);
                }

                foreach (var past in history.After(since))
                {
                    subscription.Offer(past);
                }
            }
            else
            {
                foreach (var (key, obj) in objects.OrderBy(pair => ObjectMeta.ResourceVersion(pair.Value)))
                {
                    subscription.Offer(new StoredEvent(resourceVersion, "ADDED", key, (JsonObject)obj.DeepClone()));
                }
            }

            watches.Add(subscription);
        }

        return subscription;
    }

    public void CloseWatch(WatchSubscription subscription)
    {
        lock (gate)
        {
            watches.Remove(subscription);
        }

        subscription.Close();
    }

    /// <summary>Ends every open watch stream, as an API server restart or a load balancer would.</summary>
    public int DropWatches()
    {
        List<WatchSubscription> dropped;
        lock (gate)
        {
            dropped = [.. watches];
            watches.Clear();
        }

        dropped.ForEach(w => w.Close());
        return dropped.Count;
    }

    /// <summary>Forgets all history up to now: watches from any older resourceVersion get 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Compact(resourceVersion);
        }
    }

    // Deleting a CRD deletes every object of its resource, as the API server's finalizer does.
    private void RemoveCustomObjects(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"];
        var plural = (string?)crd["spec"]?["names"]?["plural"];
        foreach (var (key, obj) in objects.Where(pair => pair.Key.Group == group && pair.Key.Plural == plural).ToList())
        {
            objects.Remove(key);
            Write(key, (JsonObject)obj.DeepClone(), "DELETED");
        }
    }

    private JsonObject Write(ResourceKey key, JsonObject obj, string eventType, JsonObject? previous = null)
    {
        resourceVersion++;
        ObjectMeta.Metadata(obj)["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (eventType != "DELETED")
        {
            objects[key] = obj;
        }

        var storedEvent = new StoredEvent(resourceVersion, eventType, key, (JsonObject)obj.DeepClone(), previous);
        history.Add(storedEvent);
        foreach (var watch in watches)
        {
            watch.Offer(storedEvent);
        }

        return (JsonObject)obj.DeepClone();
    }
}
