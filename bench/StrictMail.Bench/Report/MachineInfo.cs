using System.Globalization;

namespace StrictMail.Bench.Report;

/// <summary>The machine a run came from: cores, CPU model and memory from /proc, and the kernel.</summary>
internal static class MachineInfo
{
    /// <summary>The 1-minute load average: figures taken while other work runs on the machine are not comparable.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : 0;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({model}), {memKb / 1024.0 / 1024.0:F1} GiB RAM, Linux {kernel}, .NET {Environment.Version}");
    }
}
