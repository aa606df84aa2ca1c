namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// One PolicyRule of a Role or ClusterRole, as it applies to the operator's ServiceAccount through
/// a binding: everywhere (ClusterRoleBinding) or in one namespace (RoleBinding).
/// </summary>
/// <param name="Source">Where it is written, e.g. "Role strictmail-system/strictmail-operator rule 2".</param>
/// <param name="Namespace">The namespace it applies in, or null for every namespace and cluster-wide requests.</param>
/// <param name="ApiGroups">apiGroups ("" is core, "*" any).</param>
/// <param name="Resources">resources ("pods", "tlspolicies/status", "*").</param>
/// <param name="Verbs">verbs ("*" any).</param>
/// <param name="ResourceNames">resourceNames; empty allows any name.</param>
internal sealed record RbacRule(
    string Source,
    string? Namespace,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ResourceNames)
{
    /// <summary>True when this rule allows <paramref name="request"/> (Kubernetes' RBAC matching).</summary>
    public bool Allows(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource.Length == 0)
        {
            // A non-resource URL (discovery, /version): only nonResourceURLs rules allow it, and we write none.
            return false;
        }

        if (Namespace is not null && Namespace != request.Namespace)
        {
            return false;
        }

        var resource = request.Subresource.Length == 0 ? request.Resource : $"{request.Resource}/{request.Subresource}";
        // resourceNames can only match a request that names an object: create (and list/watch) carry no name in the URL.
        return Matches(Verbs, request.Verb)
            && Matches(ApiGroups, request.Group)
            && Matches(Resources, resource)
            && (ResourceNames.Count == 0 || (request.Name.Length > 0 && ResourceNames.Contains(request.Name, StringComparer.Ordinal)));
    }

    public override string ToString() =>
        $"{Source}: [{string.Join(',', Verbs)}] {string.Join(',', ApiGroups.Select(g => g.Length == 0 ? "core" : g))}/{string.Join(',', Resources)}"
        + (ResourceNames.Count == 0 ? "" : $" names [{string.Join(',', ResourceNames)}]");

    private static bool Matches(IReadOnlyList<string> allowed, string value) =>
        allowed.Contains("*", StringComparer.Ordinal) || allowed.Contains(value, StringComparer.Ordinal);
}
