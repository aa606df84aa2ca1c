namespace StrictMail.Chart.Tests.Rendering;

/// <summary>A throwaway chart in a temporary folder, for testing the renderer itself.</summary>
internal sealed class ScratchChart : IDisposable
{
    public ScratchChart(string values = "")
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "templates"));
        Write("Chart.yaml", "apiVersion: v2\nname: scratch\nversion: 1.2.3\nappVersion: \"4.5\"\n");
        Write("values.yaml", values);
    }

    /// <summary>The chart folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"scratch-chart-{Guid.NewGuid():N}");

    /// <summary>Writes a file relative to the chart folder.</summary>
    public ScratchChart Write(string relative, string text)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return this;
    }

    /// <summary>Renders with the release name and namespace the chart tests use.</summary>
    public HelmTemplateResult Render(params string[] arguments) => HelmTemplate.Run(Path, ["--namespace", HelmTemplate.Namespace, .. arguments]);

    /// <summary>Renders a ConfigMap whose data.v is the template text; returns data.v.</summary>
    public string Value(string expression, params string[] arguments)
    {
        Write("templates/value.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: value\ndata:\n  v: " + expression + "\n");
        var result = Render(arguments);
        Assert.True(result.ExitCode == 0, result.Error);
        return RenderedChart.Parse(result.Output).Single("ConfigMap", "value").Json["data"]!["v"]!.GetValue<string>();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
