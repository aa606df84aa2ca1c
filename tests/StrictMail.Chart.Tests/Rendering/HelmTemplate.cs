using System.Diagnostics;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>
/// Runs `helm template` when a helm binary is on PATH, else the repository's stand-in
/// (tests/helm-template, built by `make deps` from Debian's Go toolchain, sprig and sigs.k8s.io/yaml).
/// </summary>
internal static class HelmTemplate
{
    /// <summary>The release name and namespace every test renders with.</summary>
    public const string ReleaseName = "strictmail";

    /// <summary>The release namespace every test renders with.</summary>
    public const string Namespace = "mail";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The real helm on PATH, or null; STRICTMAIL_HELM=stand-in forces the stand-in.</summary>
    public static string? Helm { get; } = Environment.GetEnvironmentVariable("STRICTMAIL_HELM") == "stand-in" ? null : FindOnPath("helm");

    /// <summary>Renders the chart, CRDs included, with the given values files and --set assignments.</summary>
    public static HelmTemplateResult Run(IEnumerable<string> valuesFiles, IEnumerable<string>? sets = null, string chart = "") =>
        Run(chart.Length == 0 ? ChartPaths.Chart : chart, ["--namespace", Namespace, "--include-crds", .. ValuesArguments(valuesFiles, sets)]);

    /// <summary>Runs the renderer on any chart with the given arguments (release name first, as `helm template NAME`).</summary>
    public static HelmTemplateResult Run(string chart, IEnumerable<string> arguments)
    {
        var start = Helm is { } helm ? new ProcessStartInfo(helm) : new ProcessStartInfo(StandIn());
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (Helm is not null)
        {
            foreach (var arg in new[] { "template", ReleaseName, chart })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.ArgumentList.Add("--name");
            start.ArgumentList.Add(ReleaseName);
        }

        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        if (Helm is null)
        {
            start.ArgumentList.Add(chart);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {Timeout}");
        }

        return new HelmTemplateResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>Renders and parses the chart; fails with the renderer's own message when it refuses.</summary>
    public static RenderedChart Render(params string[] valuesFiles)
    {
        var result = Run(valuesFiles);
        return result.ExitCode == 0
            ? RenderedChart.Parse(result.Output)
            : throw new InvalidOperationException($"helm template exited {result.ExitCode}: {result.Error}");
    }

    private static IEnumerable<string> ValuesArguments(IEnumerable<string> valuesFiles, IEnumerable<string>? sets)
    {
        foreach (var file in valuesFiles)
        {
            yield return "-f";
            yield return file;
        }

        foreach (var set in sets ?? [])
        {
            yield return "--set";
            yield return set;
        }
    }

    private static string StandIn() =>
        File.Exists(ChartPaths.HelmTemplate)
            ? ChartPaths.HelmTemplate
            : throw new FileNotFoundException($"No helm on PATH and no {ChartPaths.HelmTemplate}: run `make deps`, which builds it from tests/helm-template with Debian's Go packages.");

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
