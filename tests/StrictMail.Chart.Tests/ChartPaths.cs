namespace StrictMail.Chart.Tests;

/// <summary>Paths of the chart, the repository and the helm-template tool, found from the test binaries.</summary>
internal static class ChartPaths
{
    /// <summary>The repository root (the folder holding Operator.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The chart under test.</summary>
    public static string Chart { get; } = Path.Combine(Root, "charts", "strictmail");

    /// <summary>The repository's own `helm template` stand-in (tests/helm-template), built by `make deps`.</summary>
    public static string HelmTemplate { get; } = Path.Combine(Root, "tests", "helm-template", "bin", "helm-template");

    /// <summary>A path under the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A file in this project's testdata folder.</summary>
    public static string TestData(string name) => Of("tests", "StrictMail.Chart.Tests", "testdata", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Operator.sln not found above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
