using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StrictMail.TestSupport.Postfix;

/// <summary>Waits for an instance's master process to end after "postfix stop", and kills it when it will not.</summary>
internal static partial class PostfixMaster
{
    /// <summary>The process id of the instance's master, from its "daemon started" log line; null before it started.</summary>
    /// <remarks>Not from queue/pid/master.pid: master holds an exclusive flock on it, and .NET asks for a shared one on every open.</remarks>
    public static int? ReadPid(PostfixPaths paths) =>
        PostfixLogFile.ReadLines(paths.Log, 0).Select(line => DaemonStarted().Match(line)).LastOrDefault(m => m.Success) is { } started
            ? int.Parse(started.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Waits until <paramref name="pid"/> has exited; kills it and its children at the deadline.</summary>
    public static async Task WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IsRunning(pid))
        {
            if (clock.Elapsed > timeout)
            {
                Kill(pid);
                return;
            }

            await Task.Delay(25);
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.ProcessName == "master")
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (ArgumentException)
        {
            // It exited between the last look and now.
        }
    }

    // A master that outlived its parent may linger as a zombie (state Z) when PID 1 does not reap: that is exited.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"/master\[(?<pid>\d+)\]: daemon started")]
    private static partial Regex DaemonStarted();
}
