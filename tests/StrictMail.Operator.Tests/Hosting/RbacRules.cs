using StrictMail.TestSupport;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// The rules an RBAC manifest grants one ServiceAccount: Roles and ClusterRoles reach it only through
/// a binding that names it, a ClusterRoleBinding everywhere and a RoleBinding in its namespace.
/// </summary>
internal sealed class RbacRules
{
    public const string ServiceAccount = "strictmail-operator";
    public const string ServiceAccountNamespace = "strictmail-system";

    public static readonly string Path = RepoPaths.Of("deploy", "rbac", "operator-rbac.yaml");

    private RbacRules(IReadOnlyList<RbacRule> rules, bool declaresServiceAccount)
    {
        Rules = rules;
        DeclaresServiceAccount = declaresServiceAccount;
    }

    /// <summary>Every rule that reaches the ServiceAccount, once per binding.</summary>
    public IReadOnlyList<RbacRule> Rules { get; }

    /// <summary>True when the manifest itself creates the ServiceAccount.</summary>
    public bool DeclaresServiceAccount { get; }

    public static RbacRules Load() => Parse(File.ReadAllText(Path));

    public static RbacRules Parse(string yaml)
    {
        var documents = Documents(yaml);
        var rules = new List<RbacRule>();
        foreach (var binding in documents.Where(d => Kind(d) is "ClusterRoleBinding" or "RoleBinding" && NamesServiceAccount(d)))
        {
            var bindingNamespace = Kind(binding) == "RoleBinding" ? Text(binding, "metadata", "namespace") ?? "default" : null;
            var roleKind = Text(binding, "roleRef", "kind");
            var roleName = Text(binding, "roleRef", "name");
            var role = documents.SingleOrDefault(d =>
                Kind(d) == roleKind
                && Text(d, "metadata", "name") == roleName
                && (roleKind == "ClusterRole" || (Text(d, "metadata", "namespace") ?? "default") == bindingNamespace));
            if (role is null)
            {
                continue;
            }

            var ruleNodes = role.Children.TryGetValue("rules", out var r) ? ((YamlSequenceNode)r).Children : [];
            for (var i = 0; i < ruleNodes.Count; i++)
            {
                var rule = (YamlMappingNode)ruleNodes[i];
                rules.Add(new RbacRule(
                    $"{Describe(role)} rule {i} (via {Describe(binding)})",
                    bindingNamespace,
                    List(rule, "apiGroups"),
                    List(rule, "resources"),
                    List(rule, "verbs"),
                    List(rule, "resourceNames")));
            }
        }

        var declares = documents.Any(d => Kind(d) == "ServiceAccount"
            && Text(d, "metadata", "name") == ServiceAccount
            && Text(d, "metadata", "namespace") == ServiceAccountNamespace);
        return new RbacRules(rules, declares);
    }

    /// <summary>The manifest with <paramref name="target"/> (one verb of one rule) taken out (to prove the checks fail).</summary>
    public static string WithoutVerb(string yaml, RbacVerb target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var role = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Single(d => Describe(d) == target.Role);
        var verbs = (YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)role["rules"])[target.Rule])["verbs"];
        if (!verbs.Children.Remove(new YamlScalarNode(target.Verb)))
        {
            throw new ArgumentException($"{target} is not in the manifest.", nameof(target));
        }

        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>Every verb of every rule of every Role and ClusterRole in the manifest.</summary>
    public static IReadOnlyList<RbacVerb> Verbs(string yaml) =>
    [
        .. from role in Documents(yaml).Where(d => Kind(d) is "Role" or "ClusterRole")
           let rules = role.Children.TryGetValue("rules", out var r) ? ((YamlSequenceNode)r).Children : []
           from index in Enumerable.Range(0, rules.Count)
           from verb in List((YamlMappingNode)rules[index], "verbs")
           select new RbacVerb(Describe(role), index, verb),
    ];

    /// <summary>The question RBAC answers: may the ServiceAccount make this request?</summary>
    public bool Allows(string verb, string apiGroup, string resource, string subresource, string ns, string name) =>
        Allows(new RbacRequest(verb, apiGroup, resource, subresource, ns, name, ""));

    public bool Allows(RbacRequest request) => Rules.Any(rule => rule.Allows(request));

    /// <summary>The requests no rule allows (each distinct request once).</summary>
    public IReadOnlyList<RbacRequest> Denied(IEnumerable<RbacRequest> requests) =>
        [.. requests.Select(r => r with { Path = "" }).Distinct().Where(r => !Allows(r))];

    /// <summary>What the rules grant that none of <paramref name="requests"/> used: a verb, or a resourceName.</summary>
    public IReadOnlyList<string> Unused(IReadOnlyCollection<RbacRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var unused = new List<string>();
        foreach (var rule in Rules)
        {
            var used = requests.Where(rule.Allows).ToList();
            unused.AddRange(rule.Verbs.Where(v => !used.Any(r => v == "*" || r.Verb == v)).Select(v => $"{rule}: verb {v}"));
            unused.AddRange(rule.ResourceNames.Where(n => !used.Any(r => r.Name == n)).Select(n => $"{rule}: resourceName {n}"));
        }

        return unused;
    }

    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static bool NamesServiceAccount(YamlMappingNode binding) =>
        binding.Children.TryGetValue("subjects", out var subjects)
        && ((YamlSequenceNode)subjects).Children.OfType<YamlMappingNode>().Any(s =>
            Text(s, "kind") == "ServiceAccount" && Text(s, "name") == ServiceAccount && Text(s, "namespace") == ServiceAccountNamespace);

    private static string? Kind(YamlMappingNode document) => Text(document, "kind");

    private static string Describe(YamlMappingNode document) =>
        Text(document, "metadata", "namespace") is { } ns
            ? $"{Kind(document)} {ns}/{Text(document, "metadata", "name")}"
            : $"{Kind(document)} {Text(document, "metadata", "name")}";

    private static List<string> List(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var node) && node is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")]
            : [];

    private static string? Text(YamlMappingNode map, params string[] keys)
    {
        YamlNode node = map;
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(key, out var next))
            {
                return null;
            }

            node = next;
        }

        return (node as YamlScalarNode)?.Value;
    }
}
