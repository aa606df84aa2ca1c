using System.Diagnostics;
using System.Text;

namespace StrictMail.Relay.Tests.TestSupport.Prometheus;

/// <summary>Runs promtool (Debian package "prometheus"; `make deps` installs it) and returns its exit code and output.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(PrometheusServer.Locate("promtool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start promtool.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, output);
    }
}
