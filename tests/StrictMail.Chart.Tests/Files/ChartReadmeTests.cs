using System.Text.Json.Nodes;

namespace StrictMail.Chart.Tests.Files;

public sealed class ChartReadmeTests
{
    [Fact]
    public void Readme_EveryValue_HasARowWithItsDefault()
    {
        var rows = Rows();
        var leaves = new List<(string Path, JsonNode? Value)>();
        Leaves(ChartValues.Defaults, string.Empty, leaves);

        Assert.NotEmpty(leaves);
        foreach (var (path, value) in leaves)
        {
            Assert.True(rows.TryGetValue(path, out var documented), $"charts/strictmail/README.md has no row for `{path}`");
            Assert.True(JsonNode.DeepEquals(value, documented), $"README says `{path}` defaults to {documented?.ToJsonString()}, values.yaml says {value?.ToJsonString()}");
        }

        Assert.Empty(rows.Keys.Except(leaves.Select(l => l.Path)));
    }

    [Fact]
    public void Readme_InstallCommand_IsShown()
    {
        Assert.Contains("helm install strictmail charts/strictmail -n mail --create-namespace", File.ReadAllText(ChartPaths.Of("README.md")), StringComparison.Ordinal);
        Assert.Contains("helm install strictmail charts/strictmail -n mail --create-namespace", File.ReadAllText(Path.Combine(ChartPaths.Chart, "README.md")), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonNode?> Rows()
    {
        var rows = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(ChartPaths.Chart, "README.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split(" | ");
            rows[cells[0].Trim('|', ' ', '`')] = JsonNode.Parse(cells[1].Trim('`'));
        }

        return rows;
    }

    private static void Leaves(JsonNode? node, string path, List<(string, JsonNode?)> leaves)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, child) in map)
            {
                Leaves(child, path.Length == 0 ? key : path + "." + key, leaves);
            }
        }
        else
        {
            leaves.Add((path, node));
        }
    }
}
