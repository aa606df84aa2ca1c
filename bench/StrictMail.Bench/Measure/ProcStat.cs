using System.Globalization;

namespace StrictMail.Bench.Measure;

/// <summary>
/// CPU and memory of a process tree from /proc. CPU counts utime+stime of every live process in the tree plus cutime+cstime
/// (children that exited and were waited for: Postfix's master reaps its daemons, so their CPU stays in the sum).
/// </summary>
internal static class ProcStat
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU seconds used so far by <paramref name="root"/> and its descendants (exited ones included once reaped).</summary>
    public static double CpuSeconds(int root) => Cpu(root) is var (user, system) ? user + system : 0;

    /// <summary>User and kernel CPU seconds of the tree, counted as in <see cref="CpuSeconds"/>.</summary>
    public static (double User, double System) Cpu(int root)
    {
        double user = 0, system = 0;
        foreach (var pid in Tree(root))
        {
            if (Stat(pid) is { } fields)
            {
                user += Ticks(fields, 11) + Ticks(fields, 13);
                system += Ticks(fields, 12) + Ticks(fields, 14);
            }
        }

        return (user / TicksPerSecond, system / TicksPerSecond);
    }

    /// <summary>
    /// Sum of the proportional set size (Pss in smaps_rollup) of the tree now, in bytes: a page shared by N processes counts
    /// 1/N in each, so Postfix's many daemons sharing libraries are not counted many times over (summed RSS would).
    /// </summary>
    public static long PssBytes(int root) => Tree(root).Sum(pid => Kb($"/proc/{pid}/smaps_rollup", "Pss:") * 1024);

    /// <summary>VmHWM (peak resident set) of one process, in bytes.</summary>
    public static long PeakRssBytes(int pid) => Kb($"/proc/{pid}/status", "VmHWM:") * 1024;

    /// <summary><paramref name="root"/> and every process whose parent chain leads to it.</summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var tree = new List<int>();
        foreach (var pid in parents.Keys)
        {
            for (var p = pid; p > 1 && parents.ContainsKey(p); p = parents[p])
            {
                if (p == root)
                {
                    tree.Add(pid);
                    break;
                }
            }
        }

        return tree;
    }

    // Fields after "pid (comm) ": [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

    private static long Kb(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
