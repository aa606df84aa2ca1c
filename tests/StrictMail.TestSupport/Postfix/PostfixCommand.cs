using System.Diagnostics;

namespace StrictMail.TestSupport.Postfix;

/// <summary>Runs Postfix's command-line tools and captures what they print.</summary>
internal static class PostfixCommand
{
    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/sbin"];

    /// <summary>The absolute path of <paramref name="name"/>; throws when it is not installed.</summary>
    public static string Locate(string name) =>
        SearchPath.Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{name}' is not installed, so the Postfix test MX cannot run: run `make deps` (as root) first.");

    /// <summary>
    /// Starts the instance. Postfix reports startup errors only to a terminal or syslog, so it runs under
    /// script(1), which gives it a terminal and copies what it prints into our output.
    /// </summary>
    public static Task<(int ExitCode, string Output)> StartAsync(string configDirectory) =>
        RunAsync(Locate("script"), "-qec", $"'{Locate("postfix")}' -c '{configDirectory}' start", "/dev/null");

    public static Task<(int ExitCode, string Output)> StopAsync(string configDirectory) =>
        RunAsync(Locate("postfix"), "-c", configDirectory, "stop");

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 30 s.");
        }

        var output = (await stdout + await stderr).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return (process.ExitCode, output);
    }
}
