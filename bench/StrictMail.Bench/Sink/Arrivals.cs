using System.Collections.Concurrent;
using System.Diagnostics;

namespace StrictMail.Bench.Sink;

/// <summary>What reached the sink: the first arrival time (Stopwatch ticks) of each message id, and duplicates.</summary>
internal sealed class Arrivals
{
    private readonly ConcurrentDictionary<string, long> _first = new(StringComparer.Ordinal);
    private int _duplicates;
    private int _tlsSessions;
    private int _sessions;
    private long _anonymous;

    public int Count => _first.Count;

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>SMTP sessions the sink accepted, and how many of them turned on TLS.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public int TlsSessions => Volatile.Read(ref _tlsSessions);

    public void Record(string id)
    {
        if (!_first.TryAdd(id, Stopwatch.GetTimestamp()))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    /// <summary>A unique key for a message without a Message-Id.</summary>
    public string AnonymousId() => "anonymous-" + Interlocked.Increment(ref _anonymous).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Stopwatch timestamp of the latest arrival.</summary>
    public long LastArrival => _first.IsEmpty ? 0 : _first.Values.Max();

    public void SessionOpened() => Interlocked.Increment(ref _sessions);

    public void TlsStarted() => Interlocked.Increment(ref _tlsSessions);

    public bool TryGet(string id, out long timestamp) => _first.TryGetValue(id, out timestamp);

    public void Clear()
    {
        _first.Clear();
        _duplicates = 0;
        _sessions = 0;
        _tlsSessions = 0;
    }

    /// <summary>Waits until <paramref name="expected"/> ids arrived, polling every 5 ms; false at the deadline.</summary>
    public async Task<bool> WaitForAsync(int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Count < expected)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
