using System.Globalization;
using System.Text;
using StrictMail.Bench.Measure;
using StrictMail.Bench.Operator;

namespace StrictMail.Bench.Report;

/// <summary>
/// The one table of a run, as Markdown: relay rows compare StrictMail with Postfix from the same run (ratio: higher is
/// better for StrictMail: throughput StrictMail/Postfix, latency, CPU and memory Postfix/StrictMail); sink and operator
/// rows have a single figure.
/// </summary>
internal static class ResultTable
{
    private const double MiB = 1024 * 1024;

    public static string Build(string machine, IReadOnlyList<RelayResult> relay, IReadOnlyList<CompileFigures> compile,
        IReadOnlyList<(string Case, double Nanoseconds, long AllocatedBytes)> lookup, ReconcileFigures? reconcile)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Machine: {machine}. Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.\n\n");
        text.Append("| measure | StrictMail | Postfix | StrictMail ahead by (x) |\n|---|---:|---:|---:|\n");
        foreach (var group in relay.Where(r => r.Relay != "sink direct").GroupBy(r => (r.Mode, r.Sessions, r.Load, r.Size)))
        {
            if (group.Key.Load == "smtp-source")
            {
                var (a, b) = (group.FirstOrDefault(r => r.Relay == "StrictMail"), group.FirstOrDefault(r => r.Relay == "Postfix"));
                var source = $"{group.Key.Mode}, smtp-source -s {group.Key.Sessions} -d -m {group.First().Messages} -l {group.First().Size} (one run)";
                Row(text, $"{source}: messages/s end to end", a?.MessagesPerSecond, b?.MessagesPerSecond, "F0", higherIsBetter: true);
                Row(text, $"{source}: CPU s per 1,000 messages", a?.CpuSecondsPer1000, b?.CpuSecondsPer1000, "F2", higherIsBetter: false);
                continue;
            }

            var ours = group.FirstOrDefault(r => r.Relay == "StrictMail");
            var theirs = group.FirstOrDefault(r => r.Relay == "Postfix");
            var large = group.Key.Size >= 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $" of {group.Key.Size / 1e6:F0} MB") : "";
            var label = $"{group.Key.Mode}, {group.Key.Sessions} sessions, {group.First().Messages:N0} msgs{large}";
            Row(text, $"{label}: messages/s end to end{(group.First().Runs > 1 ? $" (median of {group.First().Runs}; range)" : "")}",
                ours?.MessagesPerSecond, theirs?.MessagesPerSecond, "F0", higherIsBetter: true, Range(ours), Range(theirs));
            Row(text, $"{label}: p50 DATA to sink (ms)", ours?.P50Milliseconds, theirs?.P50Milliseconds, "F1", higherIsBetter: false);
            Row(text, $"{label}: p99 DATA to sink (ms)", ours?.P99Milliseconds, theirs?.P99Milliseconds, "F1", higherIsBetter: false);
            Row(text, $"{label}: CPU s per 1,000 messages (kernel share)", ours?.CpuSecondsPer1000, theirs?.CpuSecondsPer1000, "F2", higherIsBetter: false, Share(ours), Share(theirs));
            Row(text, $"{label}: peak memory (MiB)", ours?.PeakMemoryBytes / MiB, theirs?.PeakMemoryBytes / MiB, "F0", higherIsBetter: false);
            Row(text, $"{label}: new sessions at the sink (of which TLS)", ours is null ? null : ours.SinkSessions, theirs is null ? null : theirs.SinkSessions, "F0", null,
                ours is null ? "" : $" ({ours.SinkTlsSessions})", theirs is null ? "" : $" ({theirs.SinkTlsSessions})");
        }

        foreach (var sink in relay.Where(r => r.Relay == "sink direct"))
        {
            Single(text, $"sink limit, {sink.Mode} ({(sink.Mode == "Secure" ? "STARTTLS" : "plaintext")}), client straight to sink, {sink.Sessions} sessions: messages/s",
                sink.MessagesPerSecond.ToString("F0", CultureInfo.InvariantCulture) + $" (p99 {sink.P99Milliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms)");
        }

        foreach (var c in compile)
        {
            Single(text, $"operator: compile {c.Policies:N0} policies + serialize (median of 3)",
                string.Create(CultureInfo.InvariantCulture, $"{c.Milliseconds:F0} ms, {c.AllocatedBytes / MiB:F0} MiB allocated, process peak {c.ProcessPeakBytes / MiB:F0} MiB"));
            Single(text, $"operator: document for {c.Policies:N0} policies, raw / gzip",
                string.Create(CultureInfo.InvariantCulture, $"{c.RawBytes / 1024.0:F0} KiB / {c.GzipBytes / 1024.0:F0} KiB"));
        }

        foreach (var (name, ns, bytes) in lookup)
        {
            Single(text, $"relay: policy lookup per message, 10,000 policies, {name} (BenchmarkDotNet)",
                string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns, {bytes} B allocated"));
        }

        if (reconcile is not null)
        {
            Single(text, $"operator: reconcile {reconcile.Policies:N0} policies against the fake API server (process start to all Accepted)",
                string.Create(CultureInfo.InvariantCulture, $"{reconcile.Seconds:F1} s, {reconcile.CpuSeconds:F1} CPU s, peak {reconcile.PeakBytes / MiB:F0} MiB, {reconcile.Requests} API requests"));
        }

        foreach (var problem in relay.Where(r => r.Problem is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"\nProblem in {problem.Relay} {problem.Mode} {problem.Sessions} sessions: {problem.Problem}\n");
        }

        var methods = relay.Where(r => r.MemoryMethod is not null).Select(r => $"{r.Relay}: {r.MemoryMethod}").Distinct();
        text.Append(CultureInfo.InvariantCulture, $"\nMemory: {string.Join("; ", methods)}.\n");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string label, double? ours, double? theirs, string format, bool? higherIsBetter, string oursSuffix = "", string theirsSuffix = "")
    {
        var ratio = ours is > 0 && theirs is > 0 && higherIsBetter is not null
            ? (higherIsBetter.Value ? ours.Value / theirs.Value : theirs.Value / ours.Value).ToString("F2", CultureInfo.InvariantCulture)
            : "";
        text.Append(CultureInfo.InvariantCulture, $"| {label} | {Format(ours, format)}{oursSuffix} | {Format(theirs, format)}{theirsSuffix} | {ratio} |\n");
    }

    private static void Single(StringBuilder text, string label, string value) => text.Append(CultureInfo.InvariantCulture, $"| {label} | {value} | | |\n");

    private static string Range(RelayResult? result) =>
        result?.RateRange is var (low, high) ? string.Create(CultureInfo.InvariantCulture, $" ({low:F0}-{high:F0})") : "";

    private static string Share(RelayResult? result) =>
        result?.KernelShare is { } share ? string.Create(CultureInfo.InvariantCulture, $" ({share:P0})") : "";

    private static string Format(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
