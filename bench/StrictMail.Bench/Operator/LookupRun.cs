using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace StrictMail.Bench.Operator;

/// <summary>
/// Runs <see cref="LookupBenchmarks"/> with BenchmarkDotNet in this process (no generated project to build: fast, and
/// no second restore), with a short job; returns the mean nanoseconds and allocated bytes per lookup by case.
/// </summary>
internal static class LookupRun
{
    public static IReadOnlyList<(string Case, double Nanoseconds, long AllocatedBytes)> Run(string artifacts)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(NullLogger.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        try
        {
            var summary = BenchmarkRunner.Run<LookupBenchmarks>(config);
            return [.. summary.Reports.Select(r => (
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics?.Mean ?? double.NaN,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))];
        }
        finally
        {
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }
}
