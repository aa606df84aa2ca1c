using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Bench.Load;
using StrictMail.Bench.Relays;
using StrictMail.Bench.Sink;

namespace StrictMail.Bench.Measure;

/// <summary>
/// Drives one load through a relay (or straight into the sink) and measures it: end-to-end rate until the sink has every
/// message, DATA-to-sink latency per message, CPU of the relay's process tree from /proc, and its peak memory.
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    /// <summary>smtp-source through <paramref name="relay"/>: messages/s until the sink has them all, CPU; no latency.</summary>
    public static async Task<RelayResult> RunSmtpSourceAsync(string mode, SinkServer sink, IRelayUnderTest relay, int sessions, int messages, int size)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(relay);
        sink.Arrivals.Clear();
        var cpuBefore = ProcStat.CpuSeconds(relay.RootPid);
        var (started, exitCode, output) = await SmtpSource.RunAsync(relay.SmtpEndPoint, sessions, messages, size);
        var drained = await sink.Arrivals.WaitForAsync(messages, DrainTimeout);
        await Task.Delay(300);
        var cpu = ProcStat.CpuSeconds(relay.RootPid) - cpuBefore;
        var arrived = sink.Arrivals.Count;
        return new RelayResult
        {
            Relay = relay.Name,
            Mode = mode,
            Load = "smtp-source",
            Sessions = sessions,
            Messages = messages,
            Size = size,
            Arrived = arrived,
            Seconds = Math.Max(1e-6, (sink.Arrivals.LastArrival - started) / (double)Stopwatch.Frequency),
            P50Milliseconds = double.NaN,
            P99Milliseconds = double.NaN,
            CpuSecondsPer1000 = arrived == 0 ? null : cpu * 1000 / arrived,
            SinkSessions = sink.Arrivals.Sessions,
            SinkTlsSessions = sink.Arrivals.TlsSessions,
            Problem = exitCode != 0 ? $"smtp-source exited with {exitCode}: {output}"
                : !drained ? $"only {arrived} of {messages} messages reached the sink within {DrainTimeout}"
                : null,
        };
    }

    public static async Task<RelayResult> RunAsync(string mode, SinkServer sink, IRelayUnderTest? relay, int sessions, int messages, int size, X509Certificate2? clientTrust, string runId)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Arrivals.Clear();
        var target = relay?.SmtpEndPoint ?? sink.EndPoint;
        var cpuBefore = relay is null ? default : ProcStat.Cpu(relay.RootPid);
        await using var sampler = relay is null ? null : new MemorySampler(relay.RootPid);
        var load = await new LoadGenerator(target, sessions, messages, size, clientTrust).RunAsync(runId, CancellationToken.None);
        var drained = await sink.Arrivals.WaitForAsync(load.DataSent.Count, DrainTimeout);
        // Let the relay finish what follows the last delivery (queue file removal, session bookkeeping): it is part of the cost.
        await Task.Delay(300);
        var cpuAfter = relay is null ? default : ProcStat.Cpu(relay.RootPid);
        var (user, system) = (cpuAfter.User - cpuBefore.User, cpuAfter.System - cpuBefore.System);
        var cpu = relay is null ? (double?)null : user + system;
        var latencies = new List<double>(load.DataSent.Count);
        var last = load.Started;
        foreach (var (id, sent) in load.DataSent)
        {
            if (sink.Arrivals.TryGet(id, out var arrived))
            {
                latencies.Add((arrived - sent) * 1000.0 / Stopwatch.Frequency);
                last = Math.Max(last, arrived);
            }
        }

        latencies.Sort();
        var arrivedCount = latencies.Count;
        var memory = relay?.PeakMemory(sampler!.PeakBytes);
        return new RelayResult
        {
            Relay = relay?.Name ?? "sink direct",
            Mode = mode,
            Sessions = sessions,
            Messages = messages,
            Size = size,
            Arrived = arrivedCount,
            Seconds = Math.Max(1e-6, (last - load.Started) / (double)Stopwatch.Frequency),
            P50Milliseconds = Percentile.Of(latencies, 50),
            P99Milliseconds = Percentile.Of(latencies, 99),
            CpuSecondsPer1000 = cpu is null || arrivedCount == 0 ? null : cpu.Value * 1000 / arrivedCount,
            KernelShare = cpu is > 0 ? system / cpu.Value : null,
            PeakMemoryBytes = memory?.Bytes,
            MemoryMethod = memory?.Method,
            SinkSessions = sink.Arrivals.Sessions,
            SinkTlsSessions = sink.Arrivals.TlsSessions,
            Duplicates = sink.Arrivals.Duplicates,
            Problem = load.Failed > 0 ? $"{load.Failed} client sessions failed: {load.FirstError}"
                : !drained ? $"only {sink.Arrivals.Count} of {load.DataSent.Count} messages reached the sink within {DrainTimeout}"
                : null,
        };
    }
}
