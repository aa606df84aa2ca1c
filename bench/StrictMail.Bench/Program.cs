using System.Diagnostics;
using System.Globalization;
using StrictMail.Bench;
using StrictMail.Bench.Measure;
using StrictMail.Bench.Operator;
using StrictMail.Bench.Relays;
using StrictMail.Bench.Report;

// make bench: the operator at scale first (this process is still small, so its peak memory means something), then the
// relays under load, then one table on stdout and in bench/results/latest.md.
var options = BenchOptions.Parse(args);
var total = Stopwatch.StartNew();
var loadAtStart = MachineInfo.LoadAverage();
var compile = new List<CompileFigures>();
IReadOnlyList<(string Case, double Nanoseconds, long AllocatedBytes)> lookup = [];
ReconcileFigures? reconcile = null;
var relay = new List<RelayResult>();

if (options.Operator)
{
    foreach (var count in new[] { 1_000, 10_000 })
    {
        var figures = CompileBench.Run(count);
        compile.Add(figures);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{total.Elapsed:mm\\:ss}] compile {count}: {figures.Milliseconds:F0} ms, raw {figures.RawBytes} B, gzip {figures.GzipBytes} B"));
    }

    lookup = LookupRun.Run(Path.Combine(Path.GetTempPath(), "strictmail-bench-bdn"));
    Console.WriteLine($"[{total.Elapsed:mm\\:ss}] lookup: {string.Join(", ", lookup.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Case} {l.Nanoseconds:F1} ns")))}");
    reconcile = await ReconcileBench.RunAsync(options.Repo, options.OperatorDll, 1_000);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{total.Elapsed:mm\\:ss}] reconcile 1000: {reconcile.Seconds:F1} s"));
}

if (options.Relay)
{
    relay = await RelaySuite.RunAsync(options, r => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{total.Elapsed:mm\\:ss}] {r.Mode} {r.Relay} ({r.Load}) {r.Sessions} sessions: {r.Arrived}/{r.Messages} in {r.Seconds:F1} s = {r.MessagesPerSecond:F0}/s, p50 {r.P50Milliseconds:F1} ms, p99 {r.P99Milliseconds:F1} ms, CPU/1000 {r.CpuSecondsPer1000:F2} s, peak {r.PeakMemoryBytes / 1048576.0:F0} MiB, sink sessions {r.SinkSessions} (TLS {r.SinkTlsSessions}), duplicates {r.Duplicates} {r.Problem}")));
}

var machine = $"{MachineInfo.Describe()}; load average {loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end";
var table = ResultTable.Build(machine, relay, compile, lookup, reconcile);
var results = Path.Combine(options.Repo, "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), "# make bench: latest results\n\n" + table);
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"(written to bench/results/latest.md; {total.Elapsed.TotalMinutes:F1} min)");
return relay.Any(r => r.Problem is not null) ? 1 : 0;
