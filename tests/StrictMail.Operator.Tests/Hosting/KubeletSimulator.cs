using System.Text;
using k8s.Models;
using StrictMail.TestSupport.Files;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// Plays the kubelet for the relay pods: polls the policy ConfigMap on the fake API server and
/// writes its keys into every pod's <see cref="ProjectedVolume"/> (data as UTF-8, binaryData raw),
/// as kubelet does on its sync loop, only much more often. A paused volume keeps its old files, like
/// a node whose kubelet lags.
/// </summary>
internal sealed class KubeletSimulator : IAsyncDisposable
{
    private readonly Func<V1ConfigMap?> _read;
    private readonly IReadOnlyList<ProjectedVolume> _volumes;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _paused = [];
    private readonly Dictionary<int, string> _written = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public KubeletSimulator(Func<V1ConfigMap?> read, IReadOnlyList<ProjectedVolume> volumes, TimeSpan interval)
    {
        _read = read;
        _volumes = volumes;
        _interval = interval;
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Stops updating volume <paramref name="index"/>; no write to it starts after this returns.</summary>
    public void Pause(int index)
    {
        lock (_gate)
        {
            _paused.Add(index);
        }
    }

    /// <summary>Lets volume <paramref name="index"/> catch up on the next sync.</summary>
    public void Resume(int index)
    {
        lock (_gate)
        {
            _paused.Remove(index);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Sync();
            await Task.Delay(_interval, stop);
        }
    }

    private void Sync()
    {
        var map = _read();
        if (map is null)
        {
            return;
        }

        var files = Files(map);
        var version = map.Metadata?.ResourceVersion ?? string.Empty;
        lock (_gate)
        {
            for (var i = 0; i < _volumes.Count; i++)
            {
                if (_paused.Contains(i) || (_written.TryGetValue(i, out var written) && written == version))
                {
                    continue;
                }

                _volumes[i].Write(files);
                _written[i] = version;
            }
        }
    }

    private static Dictionary<string, byte[]> Files(V1ConfigMap map)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, text) in map.Data ?? new Dictionary<string, string>())
        {
            files[key] = Encoding.UTF8.GetBytes(text);
        }

        foreach (var (key, bytes) in map.BinaryData ?? new Dictionary<string, byte[]>())
        {
            files[key] = bytes;
        }

        return files;
    }
}
