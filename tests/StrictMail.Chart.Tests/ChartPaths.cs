using StrictMail.TestSupport;

namespace StrictMail.Chart.Tests;

/// <summary>Paths of the chart, the repository and the helm-template tool, found from the test binaries.</summary>
internal static class ChartPaths
{
    /// <summary>The repository root (the folder holding Operator.sln).</summary>
    public static string Root => RepoPaths.Root;

    /// <summary>The chart under test.</summary>
    public static string Chart { get; } = Path.Combine(Root, "charts", "strictmail");

    /// <summary>The repository's own `helm template` stand-in (tests/helm-template), built by `make deps`.</summary>
    public static string HelmTemplate { get; } = Path.Combine(Root, "tests", "helm-template", "bin", "helm-template");

    /// <summary>A path under the repository root.</summary>
    public static string Of(params string[] parts) => RepoPaths.Of(parts);

    /// <summary>A file in this project's testdata folder.</summary>
    public static string TestData(string name) => Of("tests", "StrictMail.Chart.Tests", "testdata", name);
}
