using System.Text.Json;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// The MTA-STS policy cache on the relay's volume (<c>mta-sts-cache.json</c> in the state directory), so cached policies
/// survive a restart (RFC 8461 5.1: a sender keeps a policy for its max_age). Bounded: beyond MaxEntries the entries that
/// expire first go (a policy in use keeps being extended, so it is the last to go). Written whole and atomically
/// (temporary file, fsync, rename) outside the lock, so a lookup never waits on the disk; a write that fails (full or
/// read-only volume) keeps the cache in memory and is reported, and the next change tries again. An unreadable file, or
/// unreadable entries, start the cache without them. Thread-safe.
/// </summary>
internal sealed class StsCacheFile
{
    /// <summary>The file name in the state directory.</summary>
    public const string FileName = "mta-sts-cache.json";

    private readonly Lock _gate = new();
    private readonly Lock _saveGate = new();
    private readonly string _path;
    private readonly int _maxEntries;
    private readonly Action<string>? _saveFailed;
    private readonly Dictionary<string, StsCachedPolicy> _entries;
    private long _version;
    private long _savedVersion;

    /// <param name="stateDirectory">The relay's state directory.</param>
    /// <param name="maxEntries">At most this many domains.</param>
    /// <param name="saveFailed">Told why a write failed (the relay logs it).</param>
    public StsCacheFile(string stateDirectory, int maxEntries = 10_000, Action<string>? saveFailed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _path = Path.Combine(stateDirectory, FileName);
        _maxEntries = maxEntries;
        _saveFailed = saveFailed;
        _entries = Load(_path);
    }

    /// <summary>Why the file could not be read at start, or null.</summary>
    public string? LoadProblem { get; private set; }

    /// <summary>Why the last write failed, or null once one succeeds.</summary>
    public string? SaveProblem { get; private set; }

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

    /// <summary>Stores <paramref name="entry"/> (replacing the domain's) and saves; beyond the bound the entries that expire first leave.</summary>
    public void Put(StsCachedPolicy entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Change(entries =>
        {
            entries[Key(entry.Domain)] = entry with { Domain = Key(entry.Domain) };
            foreach (var old in entries.Values.OrderBy(e => e.ExpiresAt).Take(Math.Max(0, entries.Count - _maxEntries)).ToList())
            {
                entries.Remove(old.Domain);
            }

            return true;
        });
    }

    /// <summary>Forgets the domain's policy (its policy said mode none) and saves.</summary>
    public void Remove(string domain) => Change(entries => entries.Remove(Key(domain)));

    /// <summary>Forgets every policy that expired before <paramref name="now"/> (it no longer holds: RFC 8461 5.1) and saves.</summary>
    public void RemoveExpired(DateTimeOffset now) => Change(entries =>
    {
        var expired = entries.Values.Where(e => e.Expired(now)).Select(e => e.Domain).ToList();
        expired.ForEach(d => entries.Remove(d));
        return expired.Count > 0;
    });

    private static string Key(string domain) => domain.TrimEnd('.').ToLowerInvariant();

    private void Change(Func<Dictionary<string, StsCachedPolicy>, bool> change)
    {
        List<StsCachedPolicy> snapshot;
        long version;
        lock (_gate)
        {
            if (!change(_entries))
            {
                return;
            }

            version = ++_version;
            snapshot = [.. _entries.Values.OrderBy(e => e.Domain, StringComparer.Ordinal)];
        }

        lock (_saveGate)
        {
            // A later change already wrote a newer snapshot: this one must not overwrite it.
            if (version <= _savedVersion)
            {
                return;
            }

            try
            {
                Save(snapshot);
                _savedVersion = version;
                SaveProblem = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SaveProblem = $"{_path}: {e.Message}";
                _saveFailed?.Invoke(SaveProblem);
            }
        }
    }

    private Dictionary<string, StsCachedPolicy> Load(string path)
    {
        var entries = new Dictionary<string, StsCachedPolicy>(StringComparer.Ordinal);
        List<StsCachedPolicy?>? read;
        try
        {
            read = JsonSerializer.Deserialize<List<StsCachedPolicy?>>(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return entries;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            LoadProblem = $"{path}: {e.Message}";
            return entries;
        }

        var skipped = 0;
        foreach (var entry in read ?? [])
        {
            if (entry is { Domain.Length: > 0, Id: not null, Policy.MxPatterns: not null } && entry.Policy.MxPatterns.All(p => p is not null))
            {
                // A name twice (differing in case only): the later entry wins.
                entries[Key(entry.Domain)] = entry with { Domain = Key(entry.Domain) };
            }
            else
            {
                skipped++;
            }
        }

        if (skipped > 0)
        {
            LoadProblem = $"{path}: {skipped} unreadable entries skipped";
        }

        return entries;
    }

    private void Save(List<StsCachedPolicy> snapshot)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, snapshot);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
