using System.Text.Json;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// The MTA-STS policy cache on the relay's volume (<c>mta-sts-cache.json</c> in the state directory), so cached policies
/// survive a restart (RFC 8461 5.1: a sender keeps a policy for its max_age). Bounded: beyond MaxEntries the entries
/// fetched longest ago go first. Written whole and atomically (temporary file, fsync, rename); an unreadable file starts
/// the cache empty. Thread-safe.
/// </summary>
internal sealed class StsCacheFile
{
    /// <summary>The file name in the state directory.</summary>
    public const string FileName = "mta-sts-cache.json";

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly int _maxEntries;
    private readonly Dictionary<string, StsCachedPolicy> _entries;

    public StsCacheFile(string stateDirectory, int maxEntries = 10_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _path = Path.Combine(stateDirectory, FileName);
        _maxEntries = maxEntries;
        _entries = Load(_path);
    }

    /// <summary>Why the file could not be read at start, or null.</summary>
    public string? LoadProblem { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public StsCachedPolicy? Get(string domain)
    {
        lock (_gate)
        {
            return _entries.GetValueOrDefault(Key(domain));
        }
    }

    /// <summary>Every cached policy, by domain.</summary>
    public IReadOnlyList<StsCachedPolicy> All()
    {
        lock (_gate)
        {
            return _entries.Values.OrderBy(e => e.Domain, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Stores <paramref name="entry"/> (replacing the domain's) and saves; the oldest fetches leave beyond the bound.</summary>
    public void Put(StsCachedPolicy entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _entries[Key(entry.Domain)] = entry with { Domain = Key(entry.Domain) };
            foreach (var old in _entries.Values.OrderBy(e => e.FetchedAt).Take(Math.Max(0, _entries.Count - _maxEntries)).ToList())
            {
                _entries.Remove(old.Domain);
            }

            Save();
        }
    }

    /// <summary>Forgets the domain's policy (its policy said mode none) and saves.</summary>
    public void Remove(string domain)
    {
        lock (_gate)
        {
            if (_entries.Remove(Key(domain)))
            {
                Save();
            }
        }
    }

    private static string Key(string domain) => domain.TrimEnd('.').ToLowerInvariant();

    private Dictionary<string, StsCachedPolicy> Load(string path)
    {
        try
        {
            var entries = JsonSerializer.Deserialize<List<StsCachedPolicy>>(File.ReadAllBytes(path)) ?? [];
            return entries.Where(e => e.Domain is { Length: > 0 } && e.Policy is not null).ToDictionary(e => Key(e.Domain), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, StsCachedPolicy>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            LoadProblem = $"{path}: {e.Message}";
            return new Dictionary<string, StsCachedPolicy>(StringComparer.Ordinal);
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _entries.Values.OrderBy(e => e.Domain, StringComparer.Ordinal).ToList());
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
