namespace StrictMail.FakeKube.Storage;

/// <summary>
/// The bounded window of past events a watch can resume from. Like etcd compaction, anything older
/// than the window is gone, and a watch that asks for it must be told 410 Gone.
/// </summary>
internal sealed class EventHistory
{
    private readonly Queue<StoredEvent> events = new();
    private readonly int capacity;

    public EventHistory(int capacity) => this.capacity = capacity;

    /// <summary>Every event at or below this resourceVersion has been compacted away.</summary>
    public long CompactedThrough { get; private set; }

    public void Add(StoredEvent storedEvent)
    {
        events.Enqueue(storedEvent);
        while (events.Count > capacity)
        {
            CompactedThrough = events.Dequeue().ResourceVersion;
        }
    }

    public void Compact(long throughResourceVersion)
    {
        while (events.Count > 0 && events.Peek().ResourceVersion <= throughResourceVersion)
        {
            events.Dequeue();
        }

        CompactedThrough = Math.Max(CompactedThrough, throughResourceVersion);
    }

    /// <summary>The events after <paramref name="resourceVersion"/>, oldest first.</summary>
    public IEnumerable<StoredEvent> After(long resourceVersion) => events.Where(e => e.ResourceVersion > resourceVersion);
}
