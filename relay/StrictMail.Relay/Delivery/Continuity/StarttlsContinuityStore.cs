using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Delivery.Continuity;

/// <summary>
/// Remembers, on the relay's volume, which MX hosts offered STARTTLS. A host that offered it and
/// stops is a suspected downgrade (a man in the middle stripping the offer). Survives restarts;
/// written atomically, and only when a host is new or its last sighting is a day old. Sightings
/// older than ContinuityMemory are forgotten, and at most ContinuityMaxHosts hosts are kept (the
/// most recently seen).
/// </summary>
/// <remarks>
/// Deliveries call this, so the disk never holds them up: the file is written outside the lock,
/// by one caller at a time, and a caller that finds a write running leaves its change to that
/// writer (which saves again before it stops) instead of waiting. A failed save is logged and
/// counted, never thrown: continuity is a hint, and the sightings stay in memory.
/// </remarks>
internal sealed class StarttlsContinuityStore
{
    private static readonly TimeSpan WriteGranularity = TimeSpan.FromDays(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastSeen;
    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _memory;
    private readonly int _maxHosts;
    private readonly ILogger<StarttlsContinuityStore> _logger;
    private readonly RelayMetrics _metrics;
    private bool _dirty;
    private int _writing;

    public StarttlsContinuityStore(IOptions<ContinuityOptions> continuity, IOptions<DeliveryOptions> delivery, TimeProvider clock, ILogger<StarttlsContinuityStore> logger, RelayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(continuity);
        ArgumentNullException.ThrowIfNull(delivery);
        _path = Path.Combine(continuity.Value.StateDirectory, "starttls-continuity.json");
        _clock = clock;
        _memory = delivery.Value.ContinuityMemory;
        _maxHosts = delivery.Value.ContinuityMaxHosts;
        _logger = logger;
        _metrics = metrics;
        try
        {
            _lastSeen = Load(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable volume must not keep the relay from delivering: history starts afresh, loudly.
            DeliveryLog.ContinuityUnreadable(logger, _path, e.Message);
            _lastSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }

        Forget(_clock.GetUtcNow());
    }

    /// <summary>Whether <paramref name="mxHost"/> offered STARTTLS within the remembered period.</summary>
    public bool OfferedBefore(string mxHost)
    {
        lock (_gate)
        {
            return _lastSeen.TryGetValue(Key(mxHost), out var seen) && _clock.GetUtcNow() - seen < _memory;
        }
    }

    /// <summary>Records that <paramref name="mxHost"/> offered STARTTLS now; saves the file when the host is new or its last sighting is a day old.</summary>
    public void RecordOffer(string mxHost)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var key = Key(mxHost);
            var known = _lastSeen.TryGetValue(key, out var seen);
            _lastSeen[key] = now;
            if (known && now - seen < WriteGranularity)
            {
                return;
            }

            Forget(now);
            _dirty = true;
        }

        SaveUnlessAnotherCallerIs();
    }

    private static string Key(string host) => host.TrimEnd('.').ToLowerInvariant();

    private static Dictionary<string, DateTimeOffset> Load(string path)
    {
        try
        {
            var json = File.ReadAllBytes(path);
            return JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(json) is { } hosts
                ? new Dictionary<string, DateTimeOffset>(hosts, StringComparer.Ordinal)
                : new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // A missing or damaged file forgets history: continuity then starts afresh, it never blocks mail.
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }
    }

    // Drops sightings older than the memory, then the oldest beyond the host limit. Called under the lock (or before the store is shared).
    private void Forget(DateTimeOffset now)
    {
        foreach (var (host, seen) in _lastSeen)
        {
            if (now - seen >= _memory)
            {
                _lastSeen.Remove(host);
            }
        }

        var excess = _lastSeen.Count - _maxHosts;
        if (excess > 0)
        {
            foreach (var host in _lastSeen.OrderBy(e => e.Value).Take(excess).Select(e => e.Key).ToList())
            {
                _lastSeen.Remove(host);
            }
        }
    }

    private void SaveUnlessAnotherCallerIs()
    {
        // A caller that finds a write running returns at once: its change is marked dirty, and the writer looks at the
        // flag again after it lets go, so a change made during its write is saved by its next round.
        do
        {
            if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            {
                return;
            }

            try
            {
                if (TakeDirtySnapshot() is { } snapshot)
                {
                    Save(snapshot);
                }
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }
        while (IsDirty());
    }

    private Dictionary<string, DateTimeOffset>? TakeDirtySnapshot()
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                return null;
            }

            _dirty = false;
            return new Dictionary<string, DateTimeOffset>(_lastSeen, StringComparer.Ordinal);
        }
    }

    private bool IsDirty()
    {
        lock (_gate)
        {
            return _dirty;
        }
    }

    private void Save(Dictionary<string, DateTimeOffset> snapshot)
    {
        try
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not dirty again on purpose: a volume that refuses writes would make the writer loop; the next change saves all of it.
            DeliveryLog.ContinuitySaveFailed(_logger, _path, e.Message, e);
            _metrics.ContinuitySaveFailed();
        }
    }
}
