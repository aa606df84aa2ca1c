using StrictMail.Bench.Measure;
using StrictMail.Bench.Pki;
using StrictMail.Bench.Sink;

namespace StrictMail.Bench.Relays;

/// <summary>
/// Part 1: for Secure (TLS sink, verified) and Opportunistic (plaintext sink): the sink's own limit; then StrictMail and
/// Postfix both running and warmed up, the same load through each, <see cref="BenchOptions.Repeat"/> times in alternating
/// order (this machine's figures drift by tens of percent between runs, so one run each would decide nothing); the median
/// run by throughput is reported. Then, for Secure, one many-sessions run through each for the memory goal.
/// </summary>
internal static class RelaySuite
{
    public static async Task<List<RelayResult>> RunAsync(BenchOptions options, Action<RelayResult> progress)
    {
        var results = new List<RelayResult>();
        using var pki = BenchPki.Create(["sink.test", "mx.sink.test"]);
        var work = Directory.CreateTempSubdirectory("strictmail-bench-");
        try
        {
            var caPem = Path.Combine(work.FullName, "ca.pem");
            pki.WriteAuthorityPem(caPem);
            foreach (var mode in options.Modes)
            {
                var secure = mode == "Secure";
                await using var sink = SinkServer.Start(Loopback.Sink, secure ? pki.Sink : null);
                var clientTrust = secure ? pki.Authority : null;
                await using var strictMail = await StrictMailRelay.StartAsync(
                    options.RelayDll, Loopback.FreeEndPoint(Loopback.StrictMail), Loopback.FreeEndPoint(Loopback.StrictMail).Port, sink.EndPoint, secure, caPem, []);
                await using var postfix = await PostfixRelay.StartAsync(Loopback.FreeEndPoint(Loopback.Postfix), sink.EndPoint, secure, caPem);
                IRelayUnderTest[] relays = [strictMail, postfix];
                if (!options.OnlyLarge)
                {
                    await CompareAsync(options, mode, sink, clientTrust, relays, results, Report);
                }

                if (secure && options.WideSessions > 0 && !options.OnlyLarge)
                {
                    foreach (var relay in relays)
                    {
                        results.Add(Report(await LoadRun.RunAsync(mode, sink, relay, options.WideSessions, options.Messages, options.Size, null, $"{mode}-{relay.Name}-wide")));
                    }
                }

                if (secure && options.LargeSessions > 0)
                {
                    // Delivery memory: every session hands over one message of about 10 MB at once, so the relay holds
                    // LargeSessions of them in its queue and in delivery together.
                    foreach (var relay in relays)
                    {
                        results.Add(Report(await LoadRun.RunAsync(mode, sink, relay, options.LargeSessions, options.LargeSessions, options.LargeSize, null, $"{mode}-{relay.Name}-large")));
                    }
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return results;

        RelayResult Report(RelayResult result)
        {
            progress(result);
            return result;
        }
    }

    /// <summary>The sink's own limit, then StrictMail and Postfix warmed up and compared under the same load.</summary>
    private static async Task CompareAsync(BenchOptions options, string mode, SinkServer sink, System.Security.Cryptography.X509Certificates.X509Certificate2? clientTrust, IRelayUnderTest[] relays, List<RelayResult> results, Func<RelayResult, RelayResult> report)
    {
        await LoadRun.RunAsync(mode, sink, null, options.Sessions, options.WarmupMessages, options.Size, clientTrust, $"{mode}-sink-warm");
        results.Add(report(await LoadRun.RunAsync(mode, sink, null, options.Sessions, options.Messages, options.Size, clientTrust, $"{mode}-sink")));
        foreach (var relay in relays)
        {
            await LoadRun.RunAsync(mode, sink, relay, options.Sessions, options.WarmupMessages, options.Size, null, $"{mode}-{relay.Name}-warm");
        }

        await PauseForProfilingAsync(relays);
        var runs = new List<RelayResult>();
        for (var repeat = 0; repeat < options.Repeat; repeat++)
        {
            foreach (var relay in repeat % 2 == 0 ? relays : relays.Reverse())
            {
                runs.Add(report(await LoadRun.RunAsync(mode, sink, relay, options.Sessions, options.Messages, options.Size, null, $"{mode}-{relay.Name}-{repeat}")));
            }
        }

        results.AddRange(runs.GroupBy(r => r.Relay).Select(Median));
        foreach (var relay in relays)
        {
            results.Add(report(await LoadRun.RunSmtpSourceAsync(mode, sink, relay, options.Sessions, options.Messages, options.Size)));
        }
    }

    private static RelayResult Median(IEnumerable<RelayResult> runs)
    {
        var sorted = runs.OrderBy(r => r.MessagesPerSecond).ToList();
        return sorted[sorted.Count / 2] with { RateRange = (sorted[0].MessagesPerSecond, sorted[^1].MessagesPerSecond), Runs = sorted.Count };
    }

    // For profiling by hand (strace, perf, dotnet-trace): BENCH_PAUSE=SECONDS waits here, both relays warm and idle.
    private static async Task PauseForProfilingAsync(IRelayUnderTest[] relays)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_PAUSE"), out var pause))
        {
            Console.WriteLine($"pausing {pause} s: {string.Join(", ", relays.Select(r => $"{r.Name} is pid {r.RootPid}"))}");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }
    }
}
