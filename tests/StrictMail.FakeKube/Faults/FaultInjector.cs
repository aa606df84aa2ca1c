using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Faults;

/// <summary>
/// Makes the fake misbehave on purpose, so that tests can prove a client survives what a real
/// API server does under load, restarts and etcd compaction.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];
    private readonly ObjectStore store;

    internal FaultInjector(ObjectStore store) => this.store = store;

    /// <summary>The next <paramref name="count"/> requests that match answer <paramref name="statusCode"/> (500, 409, 410, 429, 503) as a Status.</summary>
    public void FailNext(int count, int statusCode, Func<FakeKubeRequest, bool>? when = null) =>
        Arm(new FaultRule(count, when ?? (_ => true), statusCode, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> requests that match are served only after <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay, Func<FakeKubeRequest, bool>? when = null) =>
        Arm(new FaultRule(count, when ?? (_ => true), null, delay));

    /// <summary>Ends every open watch stream at once; returns how many there were.</summary>
    public int DropWatches() => store.DropWatches();

    /// <summary>Forgets the event history, so a watch from any resourceVersion before now gets 410 Gone.</summary>
    public void CompactHistory() => store.Compact();

    /// <summary>Disarms every pending fault.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>Takes the first armed rule that matches, counting it down; null when none does.</summary>
    internal FaultRule? Take(FakeKubeRequest request)
    {
        lock (gate)
        {
            var rule = rules.FirstOrDefault(r => r.Remaining > 0 && r.Match(request));
            if (rule is not null && --rule.Remaining == 0)
            {
                rules.Remove(rule);
            }

            return rule;
        }
    }

    private void Arm(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Remaining);
        lock (gate)
        {
            rules.Add(rule);
        }
    }
}
