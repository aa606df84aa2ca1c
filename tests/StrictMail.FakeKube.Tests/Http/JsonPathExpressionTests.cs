using System.Text.Json.Nodes;
using StrictMail.FakeKube.Http;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonNode Policy = JsonNode.Parse("""
        {"spec":{"level":"Secure","domains":["a.example","b.example"]},
         "status":{"conditions":[{"type":"Applied","status":"False"},{"type":"Ready","status":"True"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.level", "Secure")]
    [InlineData(".spec.domains[1]", "b.example")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "True")]
    [InlineData("{.status.conditions[?(@.type=='Applied')].status}", "False")]
    [InlineData(".spec.domains[*]", "a.example,b.example")]
    [InlineData(".spec.missing", "")]
    public void Evaluate_PrinterColumnPath_FindsValues(string path, string expected)
    {
        var results = JsonPathExpression.Evaluate(Policy, path);

        Assert.Equal(expected, string.Join(",", results.Select(r => r.ToString())));
    }
}
