using System.Diagnostics;
using System.IO.Compression;
using StrictMail.Bench.Measure;
using StrictMail.Operator.Compilation;
using StrictMail.Policy.Document;

namespace StrictMail.Bench.Operator;

/// <summary>
/// What the operator does on every change: validate and compile every TlsPolicy and serialize the document (the ConfigMap's
/// content); gzip is measured on its own, as the operator compresses only documents over 256 KiB.
/// </summary>
internal static class CompileBench
{
    public static CompileFigures Run(int count)
    {
        var policies = BenchPolicies.Make(count);
        // Warm the JIT on a small set so the figure is the steady cost, not the first call's.
        PolicyDocumentJson.Serialize(PolicyDocumentBuilder.Build(BenchPolicies.Make(100)).Document);
        var times = new List<double>();
        byte[] json = [];
        long allocated = 0;
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var result = PolicyDocumentBuilder.Build(policies);
            json = PolicyDocumentJson.Serialize(result.Document);
            times.Add(clock.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (result.Document.Policies.Count != count)
            {
                throw new InvalidOperationException($"compiled {result.Document.Policies.Count} of {count} policies");
            }
        }

        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(json);
        }

        times.Sort();
        return new CompileFigures(count, times[1], allocated, ProcStat.PeakRssBytes(Environment.ProcessId), json.Length, gzipped.Length);
    }
}
