using System.Diagnostics;
using System.Text;

namespace StrictMail.TestSupport.Prometheus;

/// <summary>Runs promtool (Debian package "prometheus"; `make deps` installs it) and returns its exit code and output.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>`promtool check rules` on <paramref name="rules"/> (YAML, or JSON, which is YAML), written to a temporary file.</summary>
    public static async Task<(int ExitCode, string Output)> CheckRulesAsync(string rules)
    {
        var file = Path.Combine(Path.GetTempPath(), $"strictmail-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rules);
        try
        {
            return await RunAsync(Path.GetTempPath(), "check", "rules", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

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
