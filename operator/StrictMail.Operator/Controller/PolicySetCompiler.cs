using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Compiles the whole set of TlsPolicies for the controller. Pure: the result depends only on the
/// policies, and <see cref="Fingerprint"/> says when a set compiles the same as before (a status
/// write changes a policy's resourceVersion but not its generation, so it does not recompile).
/// </summary>
public static class PolicySetCompiler
{
    public static CompiledSet Compile(
        IReadOnlyList<TlsPolicy> policies, string configMapName, string configMapNamespace, string? fingerprint = null, NamespacePermissions? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var result = PolicyCompiler.Compile(policies, permissions);
        var reports = new Dictionary<string, PolicyReport>(policies.Count, StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            reports[KeyOf(policies[i])] = result.Reports[i];
        }

        var configMap = PolicyConfigMap.Render(result.Document, configMapName, configMapNamespace);
        var forms = result.Document.Policies.ToDictionary(
            p => p.Name,
            p => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(p))),
            StringComparer.Ordinal);
        return new CompiledSet(fingerprint ?? Fingerprint(policies), result, configMap, reports, forms);
    }

    /// <summary>
    /// <paramref name="next"/> with each policy's introducing revision: kept from <paramref name="previous"/>
    /// when the policy's compiled form is unchanged, else <paramref name="next"/>'s own revision.
    /// </summary>
    public static CompiledSet WithIntroduced(CompiledSet next, CompiledSet? previous)
    {
        ArgumentNullException.ThrowIfNull(next);
        var introduced = new Dictionary<string, string>(next.Forms.Count, StringComparer.Ordinal);
        foreach (var (key, form) in next.Forms)
        {
            introduced[key] = previous is not null
                && previous.Forms.TryGetValue(key, out var old) && old == form
                && previous.Introduced.TryGetValue(key, out var since)
                ? since
                : next.Revision;
        }

        return next with { Introduced = introduced };
    }

    /// <summary>A hash of what compilation reads besides the spec's content, which generation stands for.</summary>
    public static string Fingerprint(IReadOnlyList<TlsPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var lines = policies
            .Select(p => string.Join(
                '|',
                KeyOf(p),
                p.Metadata?.Uid ?? string.Empty,
                (p.Metadata?.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
                (p.Metadata?.CreationTimestamp?.Ticks ?? 0).ToString(CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>"namespace/name".</summary>
    public static string KeyOf(TlsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Metadata?.NamespaceProperty + "/" + policy.Metadata?.Name;
    }
}
