using System.Diagnostics;

namespace StrictMail.Chart.Tests.Observability;

/// <summary>Runs `promtool check rules` (Debian's prometheus package; `make deps` installs it).</summary>
internal static class Promtool
{
    private const string Binary = "promtool";

    /// <summary>Checks a rules file; returns promtool's exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) CheckRules(string rulesJson)
    {
        var file = Path.Combine(Path.GetTempPath(), $"strictmail-rules-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, rulesJson); // JSON is YAML: promtool reads it as a rules file.
        try
        {
            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("check");
            start.ArgumentList.Add("rules");
            start.ArgumentList.Add(file);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("promtool check rules did not finish within 60 s");
            }

            return (process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: run `make deps` (Debian package prometheus)", e);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
