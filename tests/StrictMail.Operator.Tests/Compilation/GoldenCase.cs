using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Compilation;

/// <summary>
/// One folder under testdata/: policies/*.yaml in; expected-document.json, expected-lookups.txt and
/// expected-diagnostics.txt out. Set STRICTMAIL_UPDATE_GOLDEN=1 to rewrite the expectations, then
/// read the diff before committing it.
/// </summary>
internal sealed record GoldenCase(string Name)
{
    public static readonly string Root = RepoPaths.Of("tests", "StrictMail.Operator.Tests", "Compilation", "testdata");

    public static bool Updating => Environment.GetEnvironmentVariable("STRICTMAIL_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    public string Directory => Path.Combine(Root, Name);

    public string PoliciesDirectory => Path.Combine(Directory, "policies");

    /// <summary>Compares <paramref name="actual"/> with the expected file, or writes it when updating; a missing file expects nothing.</summary>
    public void Verify(string file, string? actual)
    {
        var path = Path.Combine(Directory, file);
        if (Updating)
        {
            if (actual is null)
            {
                File.Delete(path);
            }
            else
            {
                File.WriteAllText(path, actual);
            }

            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : null;
        Assert.True(expected == actual, $"{Name}/{file} differs.\n--- expected ---\n{expected ?? "(no file)"}\n--- actual ---\n{actual ?? "(nothing)"}");
    }
}
