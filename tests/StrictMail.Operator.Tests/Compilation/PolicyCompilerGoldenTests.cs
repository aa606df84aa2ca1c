using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StrictMail.Operator.Local;
using StrictMail.Policy.Document;
using StrictMail.Policy.Lookup;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class PolicyCompilerGoldenTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static TheoryData<string> Cases => GoldenCase.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compile_GoldenCase_MatchesExpectedDocumentLookupsAndDiagnostics(string name)
    {
        var golden = new GoldenCase(name);

        var compilation = LocalCompiler.CompileDirectory(golden.PoliciesDirectory);

        golden.Verify("expected-diagnostics.txt", Diagnostics(golden, compilation));
        golden.Verify("expected-document.json", compilation.Document is null ? null : PrettyJson(compilation.Document));
        golden.Verify("expected-lookups.txt", compilation.Document is null ? null : Lookups(golden, compilation.Document));
    }

    [Fact]
    public void Cases_EveryCase_HasAnExpectation()
    {
        foreach (var name in GoldenCase.All())
        {
            var dir = new GoldenCase(name).Directory;
            Assert.True(
                File.Exists(Path.Combine(dir, "expected-document.json")) || File.Exists(Path.Combine(dir, "expected-diagnostics.txt")),
                $"golden case {name} has neither expected-document.json nor expected-diagnostics.txt");
        }
    }

    private static string? Diagnostics(GoldenCase golden, LocalCompilation compilation)
    {
        if (compilation.Diagnostics.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var diagnostic in compilation.Diagnostics)
        {
            text.Append(diagnostic.ToString().Replace(golden.Directory + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)).Append('\n');
        }

        return text.ToString();
    }

    private static string PrettyJson(PolicyDocument document)
    {
        var node = JsonNode.Parse(PolicyDocumentJson.Serialize(document));
        return node!.ToJsonString(Pretty) + "\n";
    }

    private static string Lookups(GoldenCase golden, PolicyDocument document)
    {
        var index = new PolicyIndex(document);
        var text = new StringBuilder();
        foreach (var line in File.ReadLines(Path.Combine(golden.Directory, "lookups.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = index.Find(line);
            text.Append($"{line} -> {match.Policy.Name} ({match.Key}, {match.Policy.Level})\n");
        }

        return text.ToString();
    }
}
