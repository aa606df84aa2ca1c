namespace StrictMail.Bench.Measure;

/// <summary>One load run: through a relay, or straight into the sink (<see cref="Relay"/> "sink direct", no CPU or memory).</summary>
internal sealed record RelayResult
{
    public required string Relay { get; init; }

    /// <summary>"Secure" or "Opportunistic".</summary>
    public required string Mode { get; init; }

    /// <summary>"generator" (ours: latency per message) or "smtp-source" (throughput only).</summary>
    public string Load { get; init; } = "generator";

    public required int Sessions { get; init; }

    public required int Messages { get; init; }

    /// <summary>Message size in bytes (smtp-source: payload without headers).</summary>
    public int Size { get; init; }

    /// <summary>Messages that reached the sink.</summary>
    public required int Arrived { get; init; }

    /// <summary>From the first connection to the last message at the sink.</summary>
    public required double Seconds { get; init; }

    public double MessagesPerSecond => Arrived / Seconds;

    public required double P50Milliseconds { get; init; }

    public required double P99Milliseconds { get; init; }

    public double? CpuSecondsPer1000 { get; init; }

    /// <summary>The part of the CPU time spent in the kernel (system time): syscalls, fsync, TCP, process management.</summary>
    public double? KernelShare { get; init; }

    public long? PeakMemoryBytes { get; init; }

    public string? MemoryMethod { get; init; }

    /// <summary>Sessions the sink saw and how many used TLS: connection reuse and whether TLS was on.</summary>
    public int SinkSessions { get; init; }

    public int SinkTlsSessions { get; init; }

    public int Duplicates { get; init; }

    public string? Problem { get; init; }

    /// <summary>For a median of several runs: the slowest and fastest run's messages/s, and how many runs.</summary>
    public (double Low, double High)? RateRange { get; init; }

    public int Runs { get; init; } = 1;
}
