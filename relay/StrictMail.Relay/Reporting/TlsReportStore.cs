using System.Globalization;
using System.Text.Json;
using StrictMail.Policy.Reporting;

namespace StrictMail.Relay.Reporting;

/// <summary>
/// This relay's TLS results (RFC 8460 4.3) per UTC day, recipient domain and policy: successful and failed new TLS
/// sessions, failures by result type, MX host and receiving address. Kept in memory and written to
/// <c>tlsrpt/YYYY-MM-DD.json</c> in the state directory by <see cref="Flush"/> (atomically, outside the lock; the relay
/// flushes every <see cref="TlsReportFlusher.Interval"/> and at stop, so a kill -9 loses at most that much counting).
/// Bounded: at most <see cref="MaxEntriesPerDay"/> domain and policy pairs a day (later ones are not recorded) and
/// <see cref="MaxRowsPerEntry"/> MX hosts and failure rows per pair (the rest fold into one row without host and address);
/// <see cref="RetainDays"/> days are kept. A day file that cannot be read starts that day empty. Thread-safe.
/// </summary>
internal sealed class TlsReportStore
{
    public const string FolderName = "tlsrpt";
    public const int MaxEntriesPerDay = 10_000;
    public const int MaxRowsPerEntry = TlsFailureRows.MaxRows;
    public const int RetainDays = 7;

    // Day files written before the JSON names were pinned (camelCase) used the property names.
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Lock _gate = new();
    private readonly Lock _saveGate = new();
    private readonly string _folder;
    private readonly Dictionary<DateOnly, Dictionary<string, Aggregate>> _days = [];
    private readonly HashSet<DateOnly> _dirty = [];

    public TlsReportStore(string stateDirectory, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _folder = Path.Combine(stateDirectory, FolderName);
        var today = Today(now);
        for (var day = today.AddDays(1 - RetainDays); day <= today; day = day.AddDays(1))
        {
            Load(day);
        }
    }

    /// <summary>Why a day file could not be read at start, or null.</summary>
    public string? LoadProblem { get; private set; }

    /// <summary>Why the last write failed, or null once one succeeds.</summary>
    public string? SaveProblem { get; private set; }

    /// <summary>Counts <paramref name="outcome"/> on the UTC day of <paramref name="now"/>.</summary>
    public void Record(TlsSessionOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var day = Today(now);
        var domain = outcome.PolicyDomain.TrimEnd('.').ToLowerInvariant();
        lock (_gate)
        {
            if (!_days.TryGetValue(day, out var entries))
            {
                _days[day] = entries = [];
            }

            var key = domain + "\n" + outcome.Policy.Key;
            if (!entries.TryGetValue(key, out var aggregate))
            {
                if (entries.Count >= MaxEntriesPerDay)
                {
                    return;
                }

                entries[key] = aggregate = new Aggregate(domain, outcome.Policy.Type, outcome.Policy.Strings);
            }

            aggregate.Add(outcome);
            _dirty.Add(day);
        }
    }

    /// <summary>The results of <paramref name="day"/> (UTC), by domain and policy type.</summary>
    public IReadOnlyList<TlsReportEntry> Day(DateOnly day)
    {
        lock (_gate)
        {
            return _days.TryGetValue(day, out var entries)
                ? [.. entries.Values.Select(a => a.ToEntry()).OrderBy(e => e.Domain, StringComparer.Ordinal).ThenBy(e => e.PolicyType, StringComparer.Ordinal)]
                : [];
        }
    }

    /// <summary>Writes the days that changed and forgets (and deletes) days older than <see cref="RetainDays"/>.</summary>
    public void Flush(DateTimeOffset now)
    {
        var oldest = Today(now).AddDays(1 - RetainDays);
        List<(DateOnly Day, List<TlsReportEntry> Entries)> changed;
        lock (_gate)
        {
            foreach (var old in _days.Keys.Where(d => d < oldest).ToList())
            {
                _days.Remove(old);
                _dirty.Remove(old);
            }

            changed = [.. _dirty.Select(d => (d, _days[d].Values.Select(a => a.ToEntry()).OrderBy(e => e.Domain, StringComparer.Ordinal).ToList()))];
            _dirty.Clear();
        }

        lock (_saveGate)
        {
            try
            {
                Directory.CreateDirectory(_folder);
                foreach (var (day, entries) in changed)
                {
                    Save(day, entries);
                }

                foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
                {
                    if (DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
                    {
                        File.Delete(file);
                    }
                }

                SaveProblem = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SaveProblem = $"{_folder}: {e.Message}";
                lock (_gate)
                {
                    // Written next time.
                    _dirty.UnionWith(changed.Select(c => c.Day).Where(_days.ContainsKey));
                }
            }
        }
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private string PathOf(DateOnly day) => Path.Combine(_folder, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json");

    private void Load(DateOnly day)
    {
        try
        {
            var entries = JsonSerializer.Deserialize<List<TlsReportEntry?>>(File.ReadAllBytes(PathOf(day)), ReadOptions) ?? [];
            var aggregates = new Dictionary<string, Aggregate>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (entry is { Domain.Length: > 0, PolicyType.Length: > 0, PolicyStrings: not null, MxHosts: not null, Failures: not null })
                {
                    var aggregate = Aggregate.From(entry);
                    aggregates[aggregate.Domain + "\n" + new TlsReportPolicy(entry.PolicyType, entry.PolicyStrings).Key] = aggregate;
                }
            }

            _days[day] = aggregates;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            LoadProblem = $"{PathOf(day)}: {e.Message}";
        }
    }

    private void Save(DateOnly day, List<TlsReportEntry> entries)
    {
        var path = PathOf(day);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, entries);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private sealed class Aggregate(string domain, string policyType, IReadOnlyList<string> policyStrings)
    {
        private readonly List<string> _mxHosts = [];
        private readonly TlsFailureRows _failures = new();

        public string Domain { get; } = domain;

        public long Successes { get; private set; }

        public static Aggregate From(TlsReportEntry entry)
        {
            var aggregate = new Aggregate(entry.Domain, entry.PolicyType, entry.PolicyStrings) { Successes = entry.Successes };
            aggregate._mxHosts.AddRange(entry.MxHosts.Take(MaxRowsPerEntry));
            foreach (var failure in entry.Failures.Where(f => f?.ResultType is not null))
            {
                aggregate._failures.Add(failure.ResultType, failure.MxHost, failure.ReceivingIp, failure.Count);
            }

            return aggregate;
        }

        public void Add(TlsSessionOutcome outcome)
        {
            if (outcome.MxHost is { } host && !_mxHosts.Contains(host, StringComparer.OrdinalIgnoreCase) && _mxHosts.Count < MaxRowsPerEntry)
            {
                _mxHosts.Add(host.ToLowerInvariant());
            }

            if (outcome.ResultType is not { } resultType)
            {
                Successes++;
                return;
            }

            _failures.Add(resultType, outcome.MxHost, outcome.ReceivingIp, 1);
        }

        public TlsReportEntry ToEntry() => new(
            Domain,
            policyType,
            policyStrings,
            [.. _mxHosts],
            Successes,
            _failures.ToList());
    }
}
