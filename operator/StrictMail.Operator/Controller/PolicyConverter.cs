using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>
/// The controller's converter, one pure function from what the cluster holds to what should be written: every
/// TlsPolicy, the previous compiled set and the relays' applied revisions in; the ConfigMap, each policy's status
/// and whether to look again out (the reconciler only gathers inputs and writes results, as YARP's ingress
/// controller does with its converter). Pure: <see cref="PolicyDocumentSync"/> gathers the inputs and writes the ConfigMap,
/// <see cref="TlsPolicyController"/> writes the statuses.
/// </summary>
internal static class PolicyConverter
{
    public static ReconcilePlan Convert(ReconcileInputs inputs, ConversionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        var set = Reuse(inputs, settings) ?? SetFor(inputs.Policies, settings, inputs.Previous) with { PoliciesVersion = inputs.PoliciesVersion };

        // metav1.Time has whole seconds; a finer time would read back different and look like a change.
        var now = inputs.Now.AddTicks(-(inputs.Now.Ticks % TimeSpan.TicksPerSecond));
        return new ReconcilePlan(set, inputs.Relays, now);
    }

    /// <summary>
    /// Every policy compiled together, with each policy's introducing revision kept from <paramref name="previous"/>
    /// when its compiled form is unchanged, and <paramref name="previous"/>'s revision history carried on.
    /// </summary>
    public static CompiledSet SetFor(IReadOnlyList<TlsPolicy> policies, ConversionSettings settings, CompiledSet? previous = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(settings);
        var result = PolicyDocumentBuilder.Build(policies, settings.Permissions);
        var reports = new Dictionary<string, PolicyReport>(policies.Count, StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            reports[policies[i].Key] = result.Reports[i];
        }

        var configMap = PolicyConfigMap.Render(result.Document, settings.ConfigMapName, settings.ConfigMapNamespace);
        var forms = result.Document.Policies.ToDictionary(
            p => p.Name,
            p => System.Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(p))),
            StringComparer.Ordinal);
        var set = new CompiledSet(Fingerprint(policies), settings, policies, result, configMap, reports, forms);
        var introduced = new Dictionary<string, string>(forms.Count, StringComparer.Ordinal);
        foreach (var (key, form) in forms)
        {
            introduced[key] = previous is not null
                && previous.Forms.TryGetValue(key, out var old) && old == form
                && previous.Introduced.TryGetValue(key, out var since)
                ? since
                : set.Revision;
        }

        return set with { Introduced = introduced, History = (previous?.History ?? new RevisionHistory()).With(set) };
    }

    /// <summary>A hash of what compilation reads of the policies besides the spec's content, which generation stands for.</summary>
    public static string Fingerprint(IReadOnlyList<TlsPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var lines = policies
            .Select(p => string.Join(
                '|',
                p.Key,
                p.Metadata?.Uid ?? string.Empty,
                (p.Metadata?.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
                (p.Metadata?.CreationTimestamp?.Ticks ?? 0).ToString(CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal);
        return System.Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    // The previous set when it was made from the same inputs: the same cache version (no fingerprint needed), or
    // the same fingerprint (status writes change the cache, not what compiles); the settings always equal.
    private static CompiledSet? Reuse(ReconcileInputs inputs, ConversionSettings settings)
    {
        var previous = inputs.Previous;
        if (previous is null || previous.Settings != settings)
        {
            return null;
        }

        if (inputs.PoliciesVersion is { } version && previous.PoliciesVersion == version)
        {
            return previous;
        }

        return previous.Fingerprint == Fingerprint(inputs.Policies)
            ? previous with { Policies = inputs.Policies, PoliciesVersion = inputs.PoliciesVersion }
            : null;
    }
}
