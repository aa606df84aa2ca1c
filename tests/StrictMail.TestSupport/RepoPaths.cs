namespace StrictMail.TestSupport;

/// <summary>Paths in the repository, found by walking up from the test binaries to Operator.sln.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding Operator.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

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
