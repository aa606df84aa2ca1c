namespace StrictMail.Operator.Controller;

/// <summary>
/// The compiled forms of the last few document revisions, so a relay still on an older revision
/// counts as applied for every policy that revision already carried in its current form (one
/// policy's edit does not make every other policy look unapplied while the relays catch up).
/// Thread-safe; bounded.
/// </summary>
internal sealed class RevisionHistory(int capacity = 32)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _forms = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Remembers what <paramref name="set"/>'s revision carries.</summary>
    public void Add(CompiledSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        lock (_gate)
        {
            if (!_forms.TryAdd(set.Revision, set.Forms))
            {
                return;
            }

            _order.Enqueue(set.Revision);
            while (_order.Count > capacity)
            {
                _forms.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>Relays whose revision carries policy <paramref name="key"/> in compiled form <paramref name="form"/>.</summary>
    public int Carrying(string key, string form, RelayRevisions relays)
    {
        ArgumentNullException.ThrowIfNull(relays);
        lock (_gate)
        {
            var count = 0;
            foreach (var revision in relays.Applied)
            {
                if (revision is not null
                    && _forms.TryGetValue(revision, out var forms)
                    && forms.TryGetValue(key, out var carried)
                    && carried == form)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
