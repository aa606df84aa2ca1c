using System.Text.Json.Nodes;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Selection;

/// <summary>
/// A parsed <c>fieldSelector</c>: metadata.name and metadata.namespace with =, == or !=, which is
/// what every resource supports. Anything else is refused rather than silently ignored.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, string Value, bool Equal)> requirements;

    private FieldSelector(IReadOnlyList<(string, string, bool)> requirements) => this.requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, string, bool)>();
        foreach (var clause in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equal = !clause.Contains("!=", StringComparison.Ordinal);
            var parts = clause.Split(equal ? (clause.Contains("==", StringComparison.Ordinal) ? "==" : "=") : "!=", 2);
            if (parts.Length != 2 || parts[0].Trim() is not ("metadata.name" or "metadata.namespace"))
            {
                throw ApiErrors.BadRequest($"field selector \"{clause}\" is not supported by the fake; use metadata.name or metadata.namespace");
            }

            result.Add((parts[0].Trim(), parts[1].Trim(), equal));
        }

        return new FieldSelector(result);
    }

    public bool Matches(JsonObject obj) =>
        requirements.All(r => (ObjectMeta.Get(obj, r.Field["metadata.".Length..]) == r.Value) == r.Equal);
}
