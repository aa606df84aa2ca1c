using k8s.Models;

namespace StrictMail.Chart.Tests.Rbac;

/// <summary>Expands RBAC rules into single grants so that two rule lists can be compared whatever their grouping.</summary>
internal static class Grants
{
    /// <summary>Every (group, resource, verb, name) a rule list allows; names are mapped through <paramref name="rename"/>.</summary>
    public static IReadOnlySet<Grant> Of(IEnumerable<V1PolicyRule> rules, Func<string, string>? rename = null)
    {
        var grants = new HashSet<Grant>();
        foreach (var rule in rules)
        {
            Assert.Null(rule.NonResourceURLs);
            foreach (var (group, resource, verb) in rule.ApiGroups.SelectMany(g => rule.Resources.SelectMany(r => rule.Verbs.Select(v => (g, r, v)))))
            {
                var names = rule.ResourceNames is { Count: > 0 } list ? list.Select(n => rename is null ? n : rename(n)) : ["*"];
                foreach (var name in names)
                {
                    grants.Add(new Grant(group, resource, verb, name));
                }
            }
        }

        return grants;
    }

    /// <summary>The grants in <paramref name="actual"/> that <paramref name="allowed"/> does not contain, and the other way round, as readable lines.</summary>
    public static string Difference(IReadOnlySet<Grant> allowed, IReadOnlySet<Grant> actual) =>
        string.Join("; ", actual.Except(allowed).Select(g => "extra: " + g).Concat(allowed.Except(actual).Select(g => "missing: " + g)));
}
