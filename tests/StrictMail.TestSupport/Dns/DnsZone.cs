using ARSoft.Tools.Net.Dns;

namespace StrictMail.TestSupport.Dns;

/// <summary>The records and per-name behaviours a <see cref="TestDnsServer"/> answers from; thread-safe.</summary>
internal sealed class DnsZone
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<DnsRecordBase>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DnsNameBehavior> _behaviors = new(StringComparer.Ordinal);

    /// <summary>Lower case, without the trailing dot.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    public void Add(DnsRecordBase record)
    {
        lock (_gate)
        {
            var key = Normalize(record.Name.ToString());
            if (!_records.TryGetValue(key, out var list))
            {
                _records[key] = list = [];
            }

            list.Add(record);
        }
    }

    public void SetBehavior(string name, DnsNameBehavior behavior)
    {
        lock (_gate)
        {
            _behaviors[Normalize(name)] = behavior;
        }
    }

    /// <summary>Forgets the name's records and behaviour.</summary>
    public void Remove(string name)
    {
        lock (_gate)
        {
            _records.Remove(Normalize(name));
            _behaviors.Remove(Normalize(name));
        }
    }

    public DnsNameBehavior BehaviorFor(string name)
    {
        lock (_gate)
        {
            return _behaviors.GetValueOrDefault(Normalize(name), DnsNameBehavior.Answer);
        }
    }

    /// <summary>The name's records of <paramref name="type"/> (all for ANY), or null when the name does not exist (NXDOMAIN).</summary>
    /// <remarks>A name that only has names below it (an empty non-terminal) exists and has no records (RFC 8020).</remarks>
    public List<DnsRecordBase>? Lookup(string name, RecordType type)
    {
        var key = Normalize(name);
        lock (_gate)
        {
            if (_records.TryGetValue(key, out var list))
            {
                return [.. list.Where(r => type == RecordType.Any || r.RecordType == type)];
            }

            var suffix = "." + key;
            return _records.Keys.Any(k => k.EndsWith(suffix, StringComparison.Ordinal)) ? [] : null;
        }
    }
}
