using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace StrictMail.Bench.Relays;

/// <summary>A private Postfix instance (postfix -c DIR) as the relay under test; needs root and the postfix package.</summary>
internal sealed partial class PostfixRelay : IRelayUnderTest
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _root;

    private PostfixRelay(string root, IPEndPoint smtp, int masterPid)
    {
        _root = root;
        SmtpEndPoint = smtp;
        RootPid = masterPid;
    }

    public string Name => "Postfix";

    public IPEndPoint SmtpEndPoint { get; }

    public int RootPid { get; }

    private string Config => Path.Combine(_root, "etc");

    public static async Task<PostfixRelay> StartAsync(IPEndPoint smtp, IPEndPoint sink, bool secure, string caPem)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("make bench runs on Linux only.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("make bench must run as root: postfix start needs it.");
        }

        var root = Directory.CreateTempSubdirectory("strictmail-bench-postfix-").FullName;
        File.SetUnixFileMode(root, Traversable);
        foreach (var directory in new[] { "etc", "queue", "data" })
        {
            Directory.CreateDirectory(Path.Combine(root, directory), Traversable);
        }

        await ProcessRunner.RunAsync(ProcessRunner.Locate("chown"), "postfix:postfix", Path.Combine(root, "data"));
        var caFile = Path.Combine(root, "etc", "bench-ca.pem");
        File.Copy(caPem, caFile);
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "main.cf"), PostfixConfig.MainCf(root, sink, secure, caFile));
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "master.cf"), PostfixConfig.MasterCf(smtp));
        // Postfix waits until a config file is over a second old before it trusts it; backdating saves that wait per postconf call.
        foreach (var file in Directory.GetFiles(Path.Combine(root, "etc"), "*.cf"))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }

        var (exitCode, output) = await ProcessRunner.RunAsync(ProcessRunner.Locate("script"), "-qec", $"postfix -c '{Path.Combine(root, "etc")}' start", "/dev/null");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"postfix start failed (exit {exitCode}): {output}");
        }

        var clock = Stopwatch.StartNew();
        int? pid;
        while ((pid = ReadMasterPid(root)) is null)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"Postfix did not log 'daemon started' within 15 s: {Tail(root)}");
            }

            await Task.Delay(50);
        }

        await SmtpGreeting.WaitAsync(smtp, TimeSpan.FromSeconds(15));
        return new PostfixRelay(root, smtp, pid.Value);
    }

    public (long Bytes, string Method) PeakMemory(long sampledTreePeak) =>
        (sampledTreePeak, "peak of the summed PSS (shared pages divided among their sharers) of master and all its daemons, sampled every 50 ms");

    /// <summary>TLS connections its smtp client logged as verified (secure) or established at all.</summary>
    public (int Verified, int Any) TlsConnections()
    {
        var lines = ReadLog(_root);
        return (lines.Count(l => l.Contains("Verified TLS connection established", StringComparison.Ordinal)),
            lines.Count(l => l.Contains("TLS connection established to", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(ProcessRunner.Locate("postfix"), "-c", Config, "stop");
        for (var i = 0; i < 100 && File.Exists($"/proc/{RootPid}/stat") && !IsZombie(RootPid); i++)
        {
            await Task.Delay(50);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still exiting may hold a file for a moment; the temporary directory is left behind then.
        }
    }

    public static string Tail(string root) => string.Join('\n', ReadLog(root).TakeLast(20));

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static int? ReadMasterPid(string root) =>
        ReadLog(root).Select(line => DaemonStarted().Match(line)).LastOrDefault(m => m.Success) is { } started
            ? int.Parse(started.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;

    private static List<string> ReadLog(string root)
    {
        var path = Path.Combine(root, "postfix.log");
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [GeneratedRegex(@"/master\[(?<pid>\d+)\]: daemon started")]
    private static partial Regex DaemonStarted();
}
