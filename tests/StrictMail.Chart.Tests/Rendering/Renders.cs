namespace StrictMail.Chart.Tests.Rendering;

/// <summary>The two renderings every test looks at, made once per test run.</summary>
internal static class Renders
{
    private static readonly Lazy<RenderedChart> DefaultChart = new(() => HelmTemplate.Render());
    private static readonly Lazy<RenderedChart> AllOnChart = new(() => HelmTemplate.Render(ChartPaths.TestData("all-on.yaml")));

    /// <summary>The scenario names used as theory data.</summary>
    public static TheoryData<string> Scenarios => new() { "default", "all-on" };

    /// <summary>The chart with its own values.yaml only.</summary>
    public static RenderedChart Default => DefaultChart.Value;

    /// <summary>The chart with testdata/all-on.yaml: every optional part on, every name changed.</summary>
    public static RenderedChart AllOn => AllOnChart.Value;

    /// <summary>A rendering by scenario name.</summary>
    public static RenderedChart Of(string scenario) => scenario switch
    {
        "default" => Default,
        "all-on" => AllOn,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
    };
}
