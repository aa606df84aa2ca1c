using k8s;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>The policies in crds/examples are what newcomers copy: they must pass both the CRD and the compiler.</summary>
public sealed class ExamplesTests
{
    private static readonly string[] ExpectedNames =
    [
        "mail/default-opportunistic",
        "mail/partner-bank-secure",
        "mail/partner-pinned-fingerprint",
        "mail/rollout-testing",
    ];

    private static readonly Dictionary<string, Type> TypeMap = new(StringComparer.Ordinal)
    {
        [$"{TlsPolicy.GroupVersion}/{TlsPolicy.EntityKind}"] = typeof(TlsPolicy),
    };

    public static TheoryData<string> Files => new(ExampleFiles().Select(Path.GetFileName).OfType<string>());

    /// <summary>Edits to a valid example that the CRD must refuse, and the field the refusal must name.</summary>
    public static TheoryData<string, string, string> Breakages => new()
    {
        { "level: Fingerprint", "level: Pinned", "spec.level" },
        { "sha256:9b80a062", "sha256:9B80A062", "spec.fingerprints[0]" },
        { "nextHop:", "nexthop:", "spec.nexthop" },
        { "bounceAfter: 2d", "bounceAfter: 2 days", "spec.onFailure.bounceAfter" },
        { "domains: [\"supplier.test\"]", "domains: []", "spec.domains" },
        { "domains: [\"supplier.test\"]", "domains: [\"Supplier.test\"]", "spec.domains[0]" },
        { "minTlsVersion: TLS1.2", "minTlsVersion: 1.2", "spec.minTlsVersion" },
        { "  level: Fingerprint\n", string.Empty, "spec.level" },
    };

    [Fact]
    public void Compile_AllExamplesTogether_AcceptedWithoutConflictsAndAllFourInTheDocument()
    {
        var policies = ExampleFiles().SelectMany(Load).ToList();

        var result = PolicyDocumentBuilder.Build(policies);

        var problems = result.Reports.SelectMany(r => r.Errors.Select(e => $"{r.Name}: {e}").Concat(r.Conflicts.Select(c => $"{r.Name}: {c}"))).ToList();
        Assert.True(problems.Count == 0, $"the examples do not compile cleanly:\n{string.Join('\n', problems)}");
        Assert.Equal(ExpectedNames, result.Document.Policies.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_Example_PassesTheCrdSchema(string file)
    {
        foreach (var document in Documents(File.ReadAllText(Path.Combine(CrdFile.ExamplesDirectory, file))))
        {
            var errors = SchemaValidator.Validate(document, CrdFile.TlsPolicy.Schema);
            Assert.True(errors.Count == 0, $"{file} breaks the CRD schema:\n{string.Join('\n', errors)}");
            Assert.Equal(TlsPolicy.GroupVersion, CrdFile.Text((YamlMappingNode)document, "apiVersion"));
            Assert.Equal(TlsPolicy.EntityKind, CrdFile.Text((YamlMappingNode)document, "kind"));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_Example_UsesNamespaceMailAndReservedDomainNames(string file)
    {
        foreach (var policy in Load(Path.Combine(CrdFile.ExamplesDirectory, file)))
        {
            Assert.Equal("mail", policy.Metadata.NamespaceProperty);
            var names = policy.Spec.Domains.Concat(policy.Spec.MatchNames ?? []).Where(d => d != "*");
            Assert.All(names, n => Assert.True(n.EndsWith(".example", StringComparison.Ordinal) || n.EndsWith(".test", StringComparison.Ordinal), $"{file}: '{n}' is not under .example or .test (RFC 2606)"));
        }
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Validate_BrokenExample_NamesTheField(string original, string broken, string expected)
    {
        var yaml = File.ReadAllText(Path.Combine(CrdFile.ExamplesDirectory, "partner-pinned-fingerprint.yaml"));
        Assert.Contains(original, yaml, StringComparison.Ordinal);

        var errors = SchemaValidator.Validate(Documents(yaml.Replace(original, broken, StringComparison.Ordinal)).Single(), CrdFile.TlsPolicy.Schema);

        Assert.True(errors.Any(e => e.StartsWith(expected + ":", StringComparison.Ordinal)), $"no error names {expected}; got:\n{string.Join('\n', errors)}");
    }

    private static IEnumerable<string> ExampleFiles() =>
        Directory.EnumerateFiles(CrdFile.ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal);

    private static IEnumerable<TlsPolicy> Load(string path) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(path), TypeMap, strict: true).Cast<TlsPolicy>();

    private static IEnumerable<YamlNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode);
    }
}
