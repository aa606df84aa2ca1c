using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Schema;

/// <summary>
/// What helm does with values.schema.json before rendering (helm-template does not): merge the values
/// files over values.yaml, validate the result, and refuse with one line per violation.
/// </summary>
internal static class ValuesSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(ChartPaths.Chart, "values.schema.json"))));

    /// <summary>values.yaml with the given YAML documents merged over it, as helm merges them (maps deeply, everything else replaced).</summary>
    public static JsonObject Merge(params string[] overridesYaml)
    {
        var values = ChartValues.Defaults;
        foreach (var yaml in overridesYaml)
        {
            MergeInto(values, YamlJson.Parse(yaml)!.AsObject());
        }

        return values;
    }

    /// <summary>The violations, one line each as "path: message"; empty when the values are valid.</summary>
    public static IReadOnlyList<string> Validate(JsonObject values)
    {
        using var document = JsonDocument.Parse(values.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<string>();
        Collect(result, errors);
        return errors.Distinct().ToArray();
    }

    // Only failing nodes are followed: a branch of a passing anyOf has errors of its own that do not count.
    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var error in node.Errors ?? new Dictionary<string, string>())
        {
            errors.Add($"{DottedPath(node.InstanceLocation.ToString())}: {error.Value}");
        }

        var failing = (node.Details ?? []).Where(d => !d.IsValid).ToArray();
        foreach (var child in failing)
        {
            Collect(child, errors);
        }

        if (node.Errors is not { Count: > 0 } && failing.Length == 0)
        {
            // A keyword such as "not" fails without a message of its own: name the rule instead.
            errors.Add($"{DottedPath(node.InstanceLocation.ToString())}: does not satisfy {node.EvaluationPath}");
        }
    }

    private static string DottedPath(string pointer) => pointer.Length == 0 ? "(root)" : pointer.TrimStart('/').Replace('/', '.');

    private static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToArray())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                MergeInto(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
