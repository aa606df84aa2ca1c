using StrictMail.Operator.Entities;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Compilation;

/// <summary>
/// TlsPolicies in, one policy document out. Pure and deterministic: the same policies in any
/// order give the same document and revision. A domain claimed twice goes to the older policy
/// (creation time, then namespace/name); the younger keeps its other domains and reports a conflict. A policy
/// using settings its namespace may not (the permissions given, default all) is left out and says why.
/// </summary>
public static class PolicyDocumentBuilder
{
    public static DocumentBuild Build(IEnumerable<TlsPolicy> policies, NamespacePermissions? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        permissions ??= NamespacePermissions.All;
        var input = policies.ToList();
        var reports = new PolicyReport[input.Count];
        var valid = new List<(int Index, DateTime Created, CompiledPolicy Policy)>();
        var names = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < input.Count; i++)
        {
            var (compiled, errors) = TlsPolicyValidator.Validate(input[i]);
            var name = TlsPolicyValidator.QualifiedName(input[i]);
            if (!names.Add(name))
            {
                errors = [.. errors, new FieldError("metadata.name", $"{name} is defined more than once; give each TlsPolicy its own name")];
                compiled = null;
            }

            var forbidden = compiled is null ? [] : permissions.Check(input[i], compiled);
            compiled = forbidden.Count > 0 ? null : compiled;
            reports[i] = new PolicyReport { Name = name, Errors = errors, Forbidden = forbidden };
            if (compiled is not null)
            {
                // A policy not yet stored has no creation time; it is the youngest.
                valid.Add((i, input[i].Metadata?.CreationTimestamp ?? DateTime.MaxValue, compiled));
            }
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<CompiledPolicy>();
        foreach (var (index, _, policy) in valid.OrderBy(v => v.Created).ThenBy(v => v.Policy.Name, StringComparer.Ordinal))
        {
            var won = new List<string>();
            var conflicts = new List<DomainConflict>();
            foreach (var domain in policy.Domains)
            {
                if (owners.TryGetValue(domain, out var winner))
                {
                    conflicts.Add(new DomainConflict(domain, winner));
                }
                else
                {
                    owners.Add(domain, policy.Name);
                    won.Add(domain);
                }
            }

            reports[index] = reports[index] with { Conflicts = conflicts };
            if (won.Count > 0)
            {
                kept.Add(policy with { Domains = won });
            }
        }

        return new DocumentBuild(PolicyDocumentJson.Create(kept), reports);
    }
}
