using System.Diagnostics;
using System.Net;
using StrictMail.TestSupport.Postfix;

namespace StrictMail.Bench.Relays;

/// <summary>A private Postfix instance (postfix -c DIR) as the relay under test, laid out as the tests' Postfix peers are; needs root and the postfix package.</summary>
internal sealed class PostfixRelay : IRelayUnderTest
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly PostfixPaths _paths;

    private PostfixRelay(PostfixPaths paths, IPEndPoint smtp, int masterPid)
    {
        _paths = paths;
        SmtpEndPoint = smtp;
        RootPid = masterPid;
    }

    public string Name => "Postfix";

    public IPEndPoint SmtpEndPoint { get; }

    public int RootPid { get; }

    public static async Task<PostfixRelay> StartAsync(IPEndPoint smtp, IPEndPoint sink, bool secure, string caPem)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("make bench must run as root: postfix start needs it.");
        }

        var paths = new PostfixPaths(Directory.CreateTempSubdirectory("strictmail-bench-postfix-").FullName);
        await PostfixLayout.CreateDirectoriesAsync(paths);
        var caFile = Path.Combine(paths.Config, "bench-ca.pem");
        File.Copy(caPem, caFile);
        await File.WriteAllTextAsync(Path.Combine(paths.Config, "main.cf"), PostfixConfig.MainCf(paths, sink, secure, caFile));
        await File.WriteAllTextAsync(Path.Combine(paths.Config, "master.cf"), PostfixConfig.MasterCf(smtp));
        PostfixLayout.Backdate(paths);

        var (exitCode, output) = await PostfixCommand.StartAsync(paths.Config);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"postfix start failed (exit {exitCode}): {output}");
        }

        var clock = Stopwatch.StartNew();
        int? pid;
        while ((pid = PostfixMaster.ReadPid(paths)) is null)
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Postfix did not log 'daemon started' within {StartTimeout.TotalSeconds:F0} s: {PostfixLogFile.Tail(paths.Log, 20)}");
            }

            await Task.Delay(50);
        }

        await SmtpGreeting.WaitAsync(smtp, StartTimeout);
        return new PostfixRelay(paths, smtp, pid.Value);
    }

    public (long Bytes, string Method) PeakMemory(long sampledTreePeak) =>
        (sampledTreePeak, "peak of the summed PSS (shared pages divided among their sharers) of master and all its daemons, sampled every 50 ms");

    /// <summary>TLS connections its smtp client logged as verified (secure) or established at all.</summary>
    public (int Verified, int Any) TlsConnections()
    {
        var lines = PostfixLogFile.ReadLines(_paths.Log, 0);
        return (lines.Count(l => l.Contains("Verified TLS connection established", StringComparison.Ordinal)),
            lines.Count(l => l.Contains("TLS connection established to", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync() => await PostfixLayout.TearDownAsync(_paths);
}
