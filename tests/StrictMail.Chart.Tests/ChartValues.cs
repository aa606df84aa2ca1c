using System.Text.Json.Nodes;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests;

/// <summary>The chart's own files read as data: Chart.yaml and values.yaml.</summary>
internal static class ChartValues
{
    /// <summary>values.yaml as JSON.</summary>
    public static JsonObject Defaults => YamlJson.Parse(File.ReadAllText(Path.Combine(ChartPaths.Chart, "values.yaml")))!.AsObject();

    /// <summary>Chart.yaml's appVersion: the image tag when values leave it empty.</summary>
    public static string AppVersion => (string)YamlJson.Parse(File.ReadAllText(Path.Combine(ChartPaths.Chart, "Chart.yaml")))!["appVersion"]!;
}
