using System.Text.Json;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Hosting;

namespace StrictMail.Relay.Delivery.Continuity;

/// <summary>
/// Remembers, on the relay's volume, which MX hosts offered STARTTLS. A host that offered it and
/// stops is a suspected downgrade (a man in the middle stripping the offer). Survives restarts;
/// written atomically, and only when a host is new or its last sighting is a day old.
/// </summary>
internal sealed class StarttlsContinuityStore
{
    private static readonly TimeSpan WriteGranularity = TimeSpan.FromDays(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastSeen;
    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _memory;

    public StarttlsContinuityStore(IOptions<RelayOptions> relay, IOptions<DeliveryOptions> delivery, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(delivery);
        _path = Path.Combine(relay.Value.StateDirectory, "starttls-continuity.json");
        _clock = clock;
        _memory = delivery.Value.ContinuityMemory;
        _lastSeen = Load(_path);
    }

    /// <summary>Whether <paramref name="mxHost"/> offered STARTTLS within the remembered period.</summary>
    public bool OfferedBefore(string mxHost)
    {
        lock (_gate)
        {
            return _lastSeen.TryGetValue(Key(mxHost), out var seen) && _clock.GetUtcNow() - seen < _memory;
        }
    }

    /// <summary>Records that <paramref name="mxHost"/> offered STARTTLS now.</summary>
    public void RecordOffer(string mxHost)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var key = Key(mxHost);
            var known = _lastSeen.TryGetValue(key, out var seen);
            _lastSeen[key] = now;
            if (!known || now - seen >= WriteGranularity)
            {
                Save();
            }
        }
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

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _lastSeen);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}
