namespace StrictMail.Chart.Tests.Files;

/// <summary>A chart cannot read outside its folder, so it carries copies; these tests keep them identical to the originals.</summary>
public sealed class ChartCopiesTests
{
    public static TheoryData<string, string, string> Copies => new()
    {
        { "crds", "charts/strictmail/crds", "*.yaml" },
        { "observability/dashboards", "charts/strictmail/files/dashboards", "*.json" },
        { "observability/alerts", "charts/strictmail/files/alerts", "*.yaml" },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Copies_EveryOriginal_HasAnIdenticalCopyAndNothingElse(string original, string copy, string pattern)
    {
        var originals = Names(original, pattern);
        var copies = Names(copy, pattern);

        Assert.NotEmpty(originals);
        Assert.Equal(originals, copies);
        foreach (var name in originals)
        {
            var expected = File.ReadAllBytes(ChartPaths.Of(original, name));
            var actual = File.ReadAllBytes(ChartPaths.Of(copy, name));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{copy}/{name} differs from {original}/{name}: run cp {original}/{name} {copy}/");
        }
    }

    private static string[] Names(string folder, string pattern)
    {
        var path = ChartPaths.Of(folder);
        return Directory.Exists(path)
            ? Directory.GetFiles(path, pattern).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }
}
