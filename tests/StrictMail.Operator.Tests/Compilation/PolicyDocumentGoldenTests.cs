using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Local;
using StrictMail.Policy.Document;
using StrictMail.Policy.Lookup;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class PolicyDocumentGoldenTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static TheoryData<string> Cases => GoldenCase.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compile_GoldenCase_MatchesExpectedDocumentLookupsAndDiagnostics(string name)
    {
        var golden = new GoldenCase(name);

        var compilation = LocalDocumentBuilder.BuildFromDirectory(golden.PoliciesDirectory);

        golden.Verify("expected-diagnostics.txt", Diagnostics(golden, compilation));
        golden.Verify("expected-document.json", compilation.Document is null ? null : PrettyJson(compilation.Document));
        golden.Verify("expected-lookups.txt", compilation.Document is null ? null : Lookups(golden, compilation.Document));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Convert_GoldenCaseWithoutErrors_ControllerWritesTheExpectedDocument(string name)
    {
        var golden = new GoldenCase(name);
        if (LocalDocumentBuilder.BuildFromDirectory(golden.PoliciesDirectory).Document is null)
        {
            return;
        }

        var policies = TlsPolicyYamlReader.FilesIn(golden.PoliciesDirectory)
            .SelectMany(file => TlsPolicyYamlReader.Read(file, File.ReadAllText(file)).Policies.Select(s => s.Policy))
            .ToList();

        var plan = PolicyConverter.Convert(
            new ReconcileInputs(policies, null, null, RelayRevisions.None, DateTime.UnixEpoch),
            new ConversionSettings("strictmail-policy", "strictmail-system", NamespacePermissions.All));

        golden.Verify("expected-document.json", PrettyJson(plan.Document));
        Assert.Equal(PolicyDocumentJson.Serialize(plan.Document), Encoding.UTF8.GetBytes(plan.ConfigMap.Data[PolicyConfigMap.Key]));
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

    private static string? Diagnostics(GoldenCase golden, LocalBuild compilation)
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
