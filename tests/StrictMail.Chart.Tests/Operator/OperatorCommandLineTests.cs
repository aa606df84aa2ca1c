using System.Diagnostics;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Operator;

/// <summary>Hands the rendered container arguments to the real operator binary, which refuses unknown options and bad values with exit code 64.</summary>
public sealed class OperatorCommandLineTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Arguments_Rendered_AreAcceptedByTheOperator(string scenario)
    {
        var args = Renders.Of(scenario).Operator.Spec.Template.Spec.Containers.Single().Args;

        // A kubeconfig that does not exist stops the operator right after its options were read.
        var (exitCode, error) = RunOperator([.. args, "--kubeconfig=" + MissingKubeconfig]);

        // 64 today; the README promises 2 for an unusable kubeconfig. Either way the options were accepted.
        Assert.True(exitCode is 2 or 64, $"exit code {exitCode}: {error}");
        Assert.StartsWith("error: --kubeconfig", error, StringComparison.Ordinal);
        Assert.Contains(MissingKubeconfig, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_BadValue_AreRefusedBeforeTheKubeconfig()
    {
        var (exitCode, error) = RunOperator(["run", "--lease-duration=15 seconds", "--kubeconfig=" + MissingKubeconfig]);

        Assert.Equal(64, exitCode);
        Assert.StartsWith("error: --lease-duration", error, StringComparison.Ordinal);
    }

    private static string MissingKubeconfig => Path.Combine(Path.GetTempPath(), "strictmail-chart-tests-no-such-kubeconfig");

    private static (int ExitCode, string Error) RunOperator(IEnumerable<string> args)
    {
        // The operator is built by the same configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = ChartPaths.Of("operator", "StrictMail.Operator", "bin", configuration, "net10.0", "strictmail-operator.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the operator did not stop on a missing kubeconfig");
        }

        _ = output.GetAwaiter().GetResult();
        return (process.ExitCode, error.GetAwaiter().GetResult());
    }
}
