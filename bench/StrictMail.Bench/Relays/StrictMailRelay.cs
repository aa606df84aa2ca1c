using System.Diagnostics;
using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Bench.Relays;

/// <summary>
/// The StrictMail relay as a child process (the Release build of relay/StrictMail.Relay), its state directory on disk,
/// delivering everything for sink.test to the sink through a policy with <c>nextHop</c>: Secure with the bench CA as
/// trust anchor, or Opportunistic. Defaults everywhere else (workers, concurrency, connection reuse, logging).
/// </summary>
internal sealed class StrictMailRelay : IRelayUnderTest
{
    private readonly Process _process;
    private readonly string _root;
    private readonly StreamWriter _log;

    private StrictMailRelay(Process process, string root, IPEndPoint smtp, StreamWriter log)
    {
        _process = process;
        _root = root;
        SmtpEndPoint = smtp;
        _log = log;
    }

    public string Name => "StrictMail";

    public IPEndPoint SmtpEndPoint { get; }

    public int RootPid => _process.Id;

    /// <summary>The relay's console output, for when something goes wrong.</summary>
    public string LogFile => Path.Combine(_root, "relay.log");

    public static async Task<StrictMailRelay> StartAsync(string relayDll, IPEndPoint smtp, int adminPort, IPEndPoint sink, bool secure, string caPem, IReadOnlyList<string> extra)
    {
        var root = Directory.CreateTempSubdirectory("strictmail-bench-relay-").FullName;
        var anchors = Path.Combine(root, "trust-anchors");
        Directory.CreateDirectory(Path.Combine(anchors, "bench-ca"));
        File.Copy(caPem, Path.Combine(anchors, "bench-ca", "ca.crt"));
        var policy = new CompiledPolicy
        {
            Name = "bench/sink",
            Domains = ["sink.test"],
            Level = secure ? TlsLevel.Secure : TlsLevel.Opportunistic,
            TrustAnchors = secure ? new TrustAnchorRef("bench-ca", "ca.crt") : null,
            NextHop = $"[{sink.Address}]:{sink.Port}",
            // Postfix does no DANE or MTA-STS lookups either; the sink has neither.
            DiscoverDane = false,
            DiscoverMtaSts = false,
        };
        var policyFile = Path.Combine(root, "policy.json");
        await File.WriteAllBytesAsync(policyFile, PolicyDocumentJson.Serialize(PolicyDocumentJson.Create([policy])));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        string[] arguments =
        [
            relayDll,
            $"--Relay:PolicyFile={policyFile}",
            $"--Relay:AdminUrl=http://{smtp.Address}:{adminPort}",
            $"--Relay:StateDirectory={Path.Combine(root, "state")}",
            $"--Relay:Inbound:ListenAddress={smtp}",
            $"--Relay:Delivery:TrustAnchorsDirectory={anchors}",
            "--Relay:Delivery:DnsServers:0=127.0.0.1:9",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            .. extra,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("STRICTMAIL_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var log = new StreamWriter(Path.Combine(root, "relay.log")) { AutoFlush = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var relay = new StrictMailRelay(process, root, smtp, log);
        try
        {
            await SmtpGreeting.WaitAsync(smtp, TimeSpan.FromSeconds(30));
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public (long Bytes, string Method) PeakMemory(long sampledTreePeak) =>
        (ProcStatPeak(), "VmHWM of the relay process");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        if (Environment.GetEnvironmentVariable("BENCH_KEEP") is null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private long ProcStatPeak() => Measure.ProcStat.PeakRssBytes(_process.Id);

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
