namespace StrictMail.Operator.Controller;

/// <summary>
/// The compiled forms of the last few document revisions, so a relay still on an older revision
/// counts as applied for every policy that revision already carried in its current form (one
/// policy's edit does not make every other policy look unapplied while the relays catch up).
/// Immutable; bounded.
/// </summary>
internal sealed class RevisionHistory
{
    private readonly int _capacity;
    private readonly IReadOnlyList<(string Revision, IReadOnlyDictionary<string, string> Forms)> _entries;

    public RevisionHistory(int capacity = 32)
        : this(capacity, [])
    {
    }

    private RevisionHistory(int capacity, IReadOnlyList<(string Revision, IReadOnlyDictionary<string, string> Forms)> entries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _entries = entries;
    }

    /// <summary>This history and what <paramref name="set"/>'s revision carries, the oldest forgotten beyond capacity.</summary>
    public RevisionHistory With(CompiledSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (_entries.Any(e => e.Revision == set.Revision))
        {
            return this;
        }

        return new RevisionHistory(_capacity, [.. _entries.Skip(Math.Max(0, _entries.Count + 1 - _capacity)), (set.Revision, set.Forms)]);
    }

    /// <summary>Relays whose revision carries policy <paramref name="key"/> in compiled form <paramref name="form"/>.</summary>
    public int Carrying(string key, string form, RelayRevisions relays)
    {
        ArgumentNullException.ThrowIfNull(relays);
        var count = 0;
        foreach (var revision in relays.Applied)
        {
            foreach (var (known, forms) in _entries)
            {
                if (known == revision)
                {
                    count += forms.TryGetValue(key, out var carried) && carried == form ? 1 : 0;
                    break;
                }
            }
        }

        return count;
    }
}
