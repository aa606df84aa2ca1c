using System.Text.RegularExpressions;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Selection;

/// <summary>A parsed <c>labelSelector</c> query parameter (equality- and set-based).</summary>
internal sealed partial class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(System.Text.Json.Nodes.JsonObject obj)
    {
        var labels = ObjectMeta.Labels(obj);
        return requirements.All(r => r.Matches(labels));
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<LabelRequirement>();
        foreach (var clause in SplitClauses(text))
        {
            result.Add(ParseClause(clause.Trim()));
        }

        return new LabelSelector(result);
    }

    private static LabelRequirement ParseClause(string clause)
    {
        var set = SetClause().Match(clause);
        if (set.Success)
        {
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var op = set.Groups["op"].Value == "in" ? LabelOperator.In : LabelOperator.NotIn;
            return new LabelRequirement(set.Groups["key"].Value, op, values);
        }

        var equality = EqualityClause().Match(clause);
        if (equality.Success)
        {
            var op = equality.Groups["op"].Value == "!=" ? LabelOperator.NotIn : LabelOperator.In;
            return new LabelRequirement(equality.Groups["key"].Value, op, [equality.Groups["value"].Value]);
        }

        var exists = ExistsClause().Match(clause);
        if (exists.Success)
        {
            var op = exists.Groups["not"].Success ? LabelOperator.DoesNotExist : LabelOperator.Exists;
            return new LabelRequirement(exists.Groups["key"].Value, op, []);
        }

        throw ApiErrors.BadRequest($"unable to parse requirement: \"{clause}\"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
    }

    // Commas separate clauses except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitClauses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[^\s!=]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetClause();

    [GeneratedRegex(@"^(?<key>[^\s!=]+)\s*(?<op>==|!=|=)\s*(?<value>[^\s]*)$")]
    private static partial Regex EqualityClause();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[^\s!=(),]+)$")]
    private static partial Regex ExistsClause();
}
