using System.Diagnostics;
using System.Globalization;
using System.Net;
using StrictMail.Bench.Relays;

namespace StrictMail.Bench.Load;

/// <summary>
/// Postfix's smtp-source as the issue names it: <c>-s SESSIONS -m MESSAGES -l SIZE -d</c> (connection reuse). It cannot
/// stamp a message with an id we choose, so it gives throughput only; latency comes from <see cref="LoadGenerator"/>.
/// </summary>
internal static class SmtpSource
{
    /// <summary>Runs smtp-source to the end; returns when it started (Stopwatch ticks) and its exit code and output.</summary>
    public static async Task<(long Started, int ExitCode, string Output)> RunAsync(IPEndPoint target, int sessions, int messages, int size)
    {
        var started = Stopwatch.GetTimestamp();
        var (exitCode, output) = await ProcessRunner.RunAsync(
            ProcessRunner.Locate("smtp-source"),
            "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", messages.ToString(CultureInfo.InvariantCulture),
            "-l", size.ToString(CultureInfo.InvariantCulture), "-d", "-M", "load.test", "-f", MessageText.Sender, "-t", MessageText.Recipient,
            target.ToString());
        return (started, exitCode, output);
    }
}
