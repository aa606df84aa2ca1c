using System.Diagnostics;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>Runs ../shared/tools/helm-template (a `helm template` stand-in: no helm binary can be installed here).</summary>
internal static class HelmTemplate
{
    /// <summary>The release name and namespace every test renders with.</summary>
    public const string ReleaseName = "strictmail";

    /// <summary>The release namespace every test renders with.</summary>
    public const string Namespace = "mail";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Renders the chart, CRDs included, with the given values files and --set assignments.</summary>
    public static HelmTemplateResult Run(IEnumerable<string> valuesFiles, IEnumerable<string>? sets = null, string chart = "")
    {
        if (!File.Exists(ChartPaths.HelmTemplate))
        {
            throw new FileNotFoundException($"helm-template not found at {ChartPaths.HelmTemplate}: the workspace's shared/ folder must lie beside the repository.");
        }

        var start = new ProcessStartInfo(ChartPaths.HelmTemplate)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--name", ReleaseName, "--namespace", Namespace, "--include-crds" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var file in valuesFiles)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(file);
        }

        foreach (var set in sets ?? [])
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(set);
        }

        start.ArgumentList.Add(chart.Length == 0 ? ChartPaths.Chart : chart);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm-template did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm-template did not finish within {Timeout}");
        }

        return new HelmTemplateResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>Renders and parses the chart; fails with helm-template's own message when it refuses.</summary>
    public static RenderedChart Render(params string[] valuesFiles)
    {
        var result = Run(valuesFiles);
        return result.ExitCode == 0
            ? RenderedChart.Parse(result.Output)
            : throw new InvalidOperationException($"helm-template exited {result.ExitCode}: {result.Error}");
    }
}
