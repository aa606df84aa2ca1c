// Namespace "Processes", not "Process": a namespace TestSupport.Process would hide System.Diagnostics.Process from every
// file under TestSupport (C# finds the namespace before the using directive).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StrictMail.Relay.Queue;
using StrictMail.TestSupport.Processes;
using StrictMail.TestSupport.Prometheus;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.TestSupport.Processes;

/// <summary>
/// The real relay as a child process (`dotnet strictmail-relay.dll`), with its own temp directory for the policy file and
/// the state directory, so it can be killed without warning (<see cref="KillHard"/>: the crash) or stopped with SIGTERM
/// and started again on the same state. Inbound SMTP and the admin port listen on one fresh loopback address.
/// </summary>
internal sealed class RelayProcess : IAsyncDisposable
{
    private const string AssemblyName = "strictmail-relay.dll";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] PendingStates = ["incoming", "active", "deferred"];

    private readonly DirectoryInfo _directory;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private System.Diagnostics.Process? _process;

    private RelayProcess(DirectoryInfo directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, IPEndPoint smtp, Uri admin)
    {
        _directory = directory;
        _arguments = arguments;
        _environment = environment;
        SmtpEndPoint = smtp;
        Admin = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>Where inbound SMTP listens.</summary>
    public IPEndPoint SmtpEndPoint { get; }

    /// <summary>A client for the admin port (/readyz, /metrics, /policy).</summary>
    public HttpClient Admin { get; }

    /// <summary>Relay:StateDirectory; it outlives kills and restarts, and is deleted with the fixture.</summary>
    public string StateDirectory => Path.Combine(_directory.FullName, "state");

    /// <summary>The spool: incoming, active, deferred, corrupt.</summary>
    public string QueueDirectory => Path.Combine(StateDirectory, "queue");

    /// <summary>Everything every run printed, with our own notes (starts, kills) in between.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running relay's process id (for /proc), or null when it is not running.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>Starts the relay and returns once /readyz answers 200 and inbound SMTP greets with 220.</summary>
    public static async Task<RelayProcess> StartAsync(RelayProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Directory.CreateTempSubdirectory("strictmail-e2e-");
        try
        {
            var address = Loopback.Require(options.ListenAddress ?? Loopback.NextAddress());
            var smtp = new IPEndPoint(address, FreePort.Tcp(address));
            var admin = new Uri($"http://{address}:{FreePort.Tcp(address)}");
            var policyFile = Path.Combine(directory.FullName, "policy.json");
            await File.WriteAllBytesAsync(policyFile, options.PolicyDocument);
            string[] arguments =
            [
                $"--Relay:PolicyFile={policyFile}",
                $"--Relay:AdminUrl={admin.GetLeftPart(UriPartial.Authority)}",
                $"--Relay:StateDirectory={Path.Combine(directory.FullName, "state")}",
                $"--Relay:Inbound:ListenAddress={smtp}",
                $"--Relay:Delivery:DnsServers:0={options.DnsServer}",
                "--Relay:Delivery:DnsCache=false",
                $"--Relay:Delivery:SmtpPort={options.DeliveryPort}",
                "--Relay:Queue:MinimalBackoff=00:00:01",
                "--Relay:Queue:MaximalBackoff=00:00:02",
                "--Relay:Queue:ScanInterval=00:00:00.200",
                // One line per event with a timestamp, so a failure message shows the order of things.
                "--Logging:Console:FormatterName=simple",
                "--Logging:Console:FormatterOptions:SingleLine=true",
                "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ",
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
                .. options.ExtraArguments,
            ];
            var relay = new RelayProcess(directory, arguments, options.Environment, smtp, admin);
            try
            {
                await relay.RestartAsync();
                return relay;
            }
            catch
            {
                await relay.DisposeAsync();
                throw;
            }
        }
        catch
        {
            if (directory.Exists)
            {
                directory.Delete(recursive: true);
            }

            throw;
        }
    }

    /// <summary>Starts the relay again with the same settings and state directory (after <see cref="KillHard"/> or <see cref="StopAsync"/>), and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The relay is still running: kill or stop it before starting it again.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.FullName,
        };
        start.ArgumentList.Add(RelayAssembly());
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test process may carry settings meant for in-process hosts; the child gets only its command line.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("STRICTMAIL_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        Starts++;
        Output.Note($"starting relay (start #{Starts}): {string.Join(' ', start.ArgumentList)}");
        _process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        Output.Attach(_process);
        await WaitUntilReadyAsync(_process);
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush, no cleanup. Returns once the process is gone.</summary>
    public void KillHard()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        Output.Note($"SIGKILL to pid {process.Id}");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM (what Kubernetes sends) and waits for the exit; returns the exit code. Fails the test when it does not stop in time.</summary>
    public async Task<int> StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return _process?.ExitCode ?? 0;
        }

        Output.Note($"SIGTERM to pid {process.Id}");
        UnixSignal.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException(Describe($"The relay did not exit within {StopTimeout} of SIGTERM (killed)."));
        }

        Output.Note($"exited with code {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>The queue gauge by state (incoming, active, deferred, corrupt) from /metrics.</summary>
    public async Task<IReadOnlyDictionary<string, double>> QueueCountsAsync() =>
        PrometheusText.ByLabel(await Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative)), "strictmail_relay_queue_messages", "state");

    /// <summary>The files in one spool directory ("incoming", "active", "deferred", "corrupt"), as names.</summary>
    public IReadOnlyList<string> QueueFiles(string state)
    {
        var path = Path.Combine(QueueDirectory, state);
        return Directory.Exists(path) ? [.. Directory.EnumerateFiles(path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];
    }

    /// <summary>Complete messages waiting in incoming, active or deferred (no part, state or temporary files).</summary>
    public IReadOnlyList<string> QueuedMessages() =>
        [.. PendingStates.SelectMany(QueueFiles).Where(QueueLayout.IsMessage)];

    /// <summary><paramref name="problem"/> followed by the end of the relay's output: for assertion messages.</summary>
    public string Describe(string problem, int lines = 80) => $"{problem}\n{Output.Tail("relay output", lines)}";

    public async ValueTask DisposeAsync()
    {
        KillHard();
        _process?.Dispose();
        Admin.Dispose();
        for (var attempt = 1; _directory.Exists; attempt++)
        {
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task WaitUntilReadyAsync(System.Diagnostics.Process process)
    {
        var clock = Stopwatch.StartNew();
        string last = "nothing tried yet";
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException(Describe($"The relay exited with code {process.ExitCode} before it was ready."));
            }

            try
            {
                using var ready = await Admin.GetAsync(new Uri("/readyz", UriKind.Relative));
                last = $"/readyz answered {(int)ready.StatusCode}";
                if (ready.StatusCode == HttpStatusCode.OK && await GreetsAsync())
                {
                    Output.Note($"ready after {clock.Elapsed.TotalSeconds:F2} s");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(50);
        }

        KillHard();
        throw new TimeoutException(Describe($"The relay was not ready within {ReadyTimeout} (last: {last})."));
    }

    // Reads the 220 greeting and leaves politely, so the relay's log shows a clean probe session.
    private async Task<bool> GreetsAsync()
    {
        await using var client = await RawSmtpClient.ConnectAsync(SmtpEndPoint);
        var greeting = await client.ReadReplyAsync();
        await client.SendAsync("QUIT");
        return greeting is [var line, ..] && line.StartsWith("220", StringComparison.Ordinal);
    }

    private static string RelayAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, AssemblyName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{AssemblyName} is not next to the test assembly: build tests/StrictMail.Relay.Tests (it references the relay project).", path);
    }

    // The SDK tells child processes which host started them; outside `dotnet test` fall back to PATH.
    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
