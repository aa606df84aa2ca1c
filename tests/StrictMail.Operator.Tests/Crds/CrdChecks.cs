using System.Reflection;
using k8s.Models;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;
using StrictMail.Policy.Model;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>
/// The ways the CRD must agree with the C# entity and <see cref="TlsPolicyRules"/>. Each check
/// returns its problems, one readable line per disagreement naming the property, so tests can run
/// them on the real file and on deliberately broken copies.
/// </summary>
internal static class CrdChecks
{
    /// <summary>Where each pattern belongs; upstream metav1.Condition brings the last two.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedPatterns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spec.domains[]"] = TlsPolicyRules.DomainPattern,
        ["spec.matchNames[]"] = TlsPolicyRules.MatchNamePattern,
        ["spec.fingerprints[]"] = TlsPolicyRules.FingerprintPattern,
        ["spec.trustAnchors.secretName"] = TlsPolicyRules.SecretNamePattern,
        ["spec.trustAnchors.key"] = TlsPolicyRules.SecretKeyPattern,
        ["spec.nextHop"] = TlsPolicyRules.NextHopPattern,
        ["spec.onFailure.bounceAfter"] = TlsPolicyRules.DurationPattern,
        ["status.conditions[].type"] = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
        ["status.conditions[].reason"] = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
    };

    private static readonly (string Name, string Type, string JsonPath)[] ExpectedColumns =
    [
        ("Level", "string", ".spec.level"),
        ("Mode", "string", ".spec.mode"),
        ("Domains", "string", ".spec.domains"),
        ("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
        ("Applied", "string", ".status.conditions[?(@.type==\"Applied\")].status"),
        ("Age", "date", ".metadata.creationTimestamp"),
    ];

    /// <summary>The public string constants of TlsPolicyRules: patterns (name ends in Pattern) and CEL messages (the rest).</summary>
    public static IReadOnlyDictionary<string, string> RuleConstants { get; } =
        typeof(TlsPolicyRules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> Messages { get; } =
        RuleConstants.Where(c => !c.Key.EndsWith("Pattern", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    /// <summary>Every problem any check finds.</summary>
    public static List<string> All(CrdFile crd) =>
        [.. Names(crd), .. PrinterColumns(crd), .. Properties(crd), .. Descriptions(crd), .. Patterns(crd), .. Limits(crd), .. Defaults(crd), .. CelMessages(crd)];

    public static List<string> Names(CrdFile crd)
    {
        var problems = new List<string>();
        var entity = typeof(TlsPolicy).GetCustomAttribute<KubernetesEntityAttribute>()!;
        Expect(problems, "metadata.name", CrdFile.Text(crd.Root, "metadata", "name"), $"{TlsPolicy.Plural}.{TlsPolicy.Group}");
        Expect(problems, "spec.group", CrdFile.Text(crd.Spec, "group"), entity.Group);
        Expect(problems, "spec.scope", CrdFile.Text(crd.Spec, "scope"), "Namespaced");
        Expect(problems, "spec.names.kind", CrdFile.Text(crd.Spec, "names", "kind"), entity.Kind);
        Expect(problems, "spec.names.listKind", CrdFile.Text(crd.Spec, "names", "listKind"), entity.Kind + "List");
        Expect(problems, "spec.names.plural", CrdFile.Text(crd.Spec, "names", "plural"), entity.PluralName);
        Expect(problems, "spec.names.singular", CrdFile.Text(crd.Spec, "names", "singular"), "tlspolicy");
        var names = (YamlMappingNode)crd.Spec["names"];
        Expect(problems, "spec.names.shortNames", string.Join(",", CrdFile.Texts(names, "shortNames")), "tlsp");
        Expect(problems, "spec.names.categories", string.Join(",", CrdFile.Texts(names, "categories")), "strictmail");
        Expect(problems, "spec.versions[0].name", CrdFile.Text(crd.Version, "name"), entity.ApiVersion);
        Expect(problems, "spec.versions[0].served", CrdFile.Text(crd.Version, "served"), "true");
        Expect(problems, "spec.versions[0].storage", CrdFile.Text(crd.Version, "storage"), "true");
        if (!(crd.Version.Children.TryGetValue(new YamlScalarNode("subresources"), out var sub) && sub is YamlMappingNode s && s.Children.ContainsKey(new YamlScalarNode("status"))))
        {
            problems.Add("spec.versions[0].subresources.status: missing; the operator writes status through the status subresource");
        }

        return problems;
    }

    public static List<string> PrinterColumns(CrdFile crd)
    {
        var actual = crd.Version.Children.TryGetValue(new YamlScalarNode("additionalPrinterColumns"), out var columns)
            ? ((YamlSequenceNode)columns).Cast<YamlMappingNode>().Select(c => (Name: CrdFile.Text(c, "name"), Type: CrdFile.Text(c, "type"), JsonPath: CrdFile.Text(c, "jsonPath"))).ToList()
            : [];
        var problems = new List<string>();
        for (var i = 0; i < Math.Max(actual.Count, ExpectedColumns.Length); i++)
        {
            var want = i < ExpectedColumns.Length ? ExpectedColumns[i] : default;
            var have = i < actual.Count ? actual[i] : default;
            if (want != have)
            {
                problems.Add($"additionalPrinterColumns[{i}]: expected {Column(want)} but the CRD has {Column(have)}");
            }
        }

        return problems;
    }

    /// <summary>Property names, required fields, types and enums against the entity classes.</summary>
    public static List<string> Properties(CrdFile crd)
    {
        var problems = new List<string>();
        var root = crd.Schema;
        var csharp = EntitySchemaComparer.JsonProperties(typeof(TlsPolicy)).Keys.Order(StringComparer.Ordinal);
        var yaml = root.Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
        Expect(problems, "(root) properties", string.Join(", ", yaml), string.Join(", ", csharp));
        Expect(problems, "(root) required", string.Join(", ", root.Required), "spec");
        foreach (var (name, type) in new[] { ("spec", typeof(TlsPolicySpec)), ("status", typeof(TlsPolicyStatus)) })
        {
            if (root.Property(name) is { } node)
            {
                problems.AddRange(EntitySchemaComparer.Compare(type, node));
            }
        }

        return problems;
    }

    public static List<string> Descriptions(CrdFile crd) =>
        crd.Schema.DescendantsAndSelf()
            .Where(n => string.IsNullOrWhiteSpace(n.Description))
            .Select(n => $"{n}: no description; every field needs one (kubectl explain shows it)")
            .ToList();

    public static List<string> Patterns(CrdFile crd)
    {
        var problems = new List<string>();
        var actual = crd.Schema.DescendantsAndSelf().Where(n => n.Pattern is not null).ToDictionary(n => n.Path, n => n.Pattern!, StringComparer.Ordinal);
        foreach (var (path, pattern) in ExpectedPatterns)
        {
            if (!actual.TryGetValue(path, out var have))
            {
                problems.Add($"{path}: has no pattern; expected {pattern}");
            }
            else if (have != pattern)
            {
                problems.Add($"{path}: pattern differs\n  CRD: {have}\n  C#:  {pattern}");
            }
        }

        problems.AddRange(actual.Keys.Where(p => !ExpectedPatterns.ContainsKey(p)).Select(p => $"{p}: has a pattern that no TlsPolicyRules constant backs"));
        problems.AddRange(RuleConstants.Where(c => c.Key.EndsWith("Pattern", StringComparison.Ordinal) && !ExpectedPatterns.Values.Contains(c.Value))
            .Select(c => $"TlsPolicyRules.{c.Key}: not placed in the CRD; add it to the schema and to CrdChecks.ExpectedPatterns"));
        return problems;
    }

    /// <summary>The bounds that keep CEL cost estimable, and the sizes TlsPolicyRules names.</summary>
    public static List<string> Limits(CrdFile crd)
    {
        var problems = new List<string>();
        foreach (var node in crd.Schema.DescendantsAndSelf().Where(n => n.Path is not ("apiVersion" or "kind")))
        {
            if (node.Type == "array" && node.MaxItems is null)
            {
                problems.Add($"{node}: a list needs maxItems");
            }

            if (node.Type == "string" && node.Format != "date-time" && node.MaxLength is null)
            {
                problems.Add($"{node}: a string needs maxLength");
            }

            if (node.Enum.Count > 0 && node.MaxLength is { } max && node.Enum.Any(e => e.Length > max))
            {
                problems.Add($"{node}: maxLength {max} is shorter than an enum value");
            }
        }

        var domains = crd.Schema.Property("spec")?.Property("domains");
        Expect(problems, "spec.domains minItems", domains?.MinItems, 1);
        Expect(problems, "spec.domains maxItems", domains?.MaxItems, TlsPolicyRules.MaxDomains);
        Expect(problems, "spec.domains x-kubernetes-list-type", domains?.ListType, "set");
        Expect(problems, "spec.domains[] maxLength", domains?.Items?.MaxLength, TlsPolicyRules.MaxNameLength);
        var spec = crd.Schema.Property("spec");
        Expect(problems, "spec.matchNames maxItems", spec?.Property("matchNames")?.MaxItems, TlsPolicyRules.MaxMatchNames);
        Expect(problems, "spec.matchNames[] maxLength", spec?.Property("matchNames")?.Items?.MaxLength, TlsPolicyRules.MaxNameLength);
        Expect(problems, "spec.fingerprints maxItems", spec?.Property("fingerprints")?.MaxItems, TlsPolicyRules.MaxFingerprints);
        Expect(problems, "spec.nextHop maxLength", spec?.Property("nextHop")?.MaxLength, TlsPolicyRules.MaxNextHopLength);
        Expect(problems, "spec.onFailure.bounceAfter maxLength", spec?.Property("onFailure")?.Property("bounceAfter")?.MaxLength, TlsPolicyRules.MaxDurationLength);
        var anchors = crd.Schema.Property("spec")?.Property("trustAnchors");
        Expect(problems, "spec.trustAnchors.secretName maxLength", anchors?.Property("secretName")?.MaxLength, TlsPolicyRules.MaxNameLength);
        Expect(problems, "spec.trustAnchors.key maxLength", anchors?.Property("key")?.MaxLength, TlsPolicyRules.MaxNameLength);
        var conditions = crd.Schema.Property("status")?.Property("conditions");
        Expect(problems, "status.conditions x-kubernetes-list-type", conditions?.ListType, "map");
        Expect(problems, "status.conditions x-kubernetes-list-map-keys", string.Join(",", conditions?.ListMapKeys ?? []), "type");
        return problems;
    }

    /// <summary>The CRD's defaults against what the compiler fills in for a policy that leaves everything optional out.</summary>
    public static List<string> Defaults(CrdFile crd)
    {
        var minimal = new TlsPolicy
        {
            Metadata = new V1ObjectMeta { Name = "minimal", NamespaceProperty = "mail" },
            Spec = new TlsPolicySpec { Domains = ["minimal.example"], Level = nameof(TlsLevel.Opportunistic) },
        };
        var compiled = TlsPolicyValidator.Validate(minimal).Policy!;
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["spec.mode"] = WireNames.Name(compiled.Mode),
            ["spec.minTlsVersion"] = WireNames.Name(compiled.MinTlsVersion),
            ["spec.starttlsContinuity"] = WireNames.Name(compiled.StarttlsContinuity),
            ["spec.discover.dane"] = Bool(compiled.DiscoverDane),
            ["spec.discover.mtaSts"] = Bool(compiled.DiscoverMtaSts),
            ["spec.onFailure.action"] = WireNames.Name(compiled.OnFailureAction),
            ["spec.requireTls.honorTlsRequiredNo"] = Bool(compiled.HonorTlsRequiredNo),
        };

        var problems = new List<string>();
        var nodes = crd.Schema.DescendantsAndSelf().Where(n => n.Default is not null).ToList();
        foreach (var node in nodes)
        {
            if (node.Default is YamlMappingNode map)
            {
                // "{}" lets the API server fill in the defaults of the object's fields.
                if (map.Children.Count > 0)
                {
                    problems.Add($"{node}: an object's default should be {{}} so that its fields' own defaults apply");
                }
            }
            else if (!expected.TryGetValue(node.Path, out var want))
            {
                problems.Add($"{node}: the CRD has default '{node.Default}' but the compiler has no default for it");
            }
            else if (((YamlScalarNode)node.Default!).Value != want)
            {
                problems.Add($"{node}: the CRD's default is '{node.Default}' but the compiler uses '{want}'");
            }
        }

        problems.AddRange(expected.Keys.Where(p => nodes.All(n => n.Path != p)).Select(p => $"{p}: the compiler defaults it to '{expected[p]}' but the CRD has no default"));
        return problems;
    }

    /// <summary>Every CEL message is a TlsPolicyRules message, and every such message is in the CRD once.</summary>
    public static List<string> CelMessages(CrdFile crd)
    {
        var problems = new List<string>();
        var rules = crd.Schema.DescendantsAndSelf().SelectMany(n => n.Validations).ToList();
        foreach (var rule in rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Rule))
            {
                problems.Add($"{rule.Location}: a CEL rule is empty");
            }

            if (!Messages.Values.Contains(rule.Message))
            {
                problems.Add($"{rule.Location}: CEL message \"{rule.Message}\" is not a TlsPolicyRules message; copy the constant's text exactly");
            }
        }

        foreach (var (name, message) in Messages)
        {
            var count = rules.Count(r => r.Message == message);
            if (count != 1)
            {
                problems.Add($"TlsPolicyRules.{name}: its message appears {count} times in the CRD's CEL rules; expected once: \"{message}\"");
            }
        }

        return problems;
    }

    private static void Expect<T>(List<string> problems, string what, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            problems.Add($"{what}: expected '{expected}' but the CRD has '{actual}'");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Column((string? Name, string? Type, string? JsonPath) c) =>
        c.Name is null ? "(none)" : $"{c.Name} ({c.Type}) {c.JsonPath}";
}
