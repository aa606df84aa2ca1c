using StrictMail.Operator.Entities;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Compilation;

/// <summary>
/// Which namespaces may write the TlsPolicy settings that reroute or unprotect mail for others: a <c>nextHop</c>, <c>level:
/// None</c>, the <c>*</c> domain and one-label suffixes such as <c>.com</c> (a <c>*</c> for a whole top-level domain). Any namespace that can create a TlsPolicy could otherwise claim an unclaimed domain
/// (or <c>*</c>) and send its mail elsewhere in clear. Pure.
/// </summary>
public sealed class NamespacePermissions : IEquatable<NamespacePermissions>
{
    private readonly HashSet<string>? _privileged;

    private NamespacePermissions(HashSet<string>? privileged) => _privileged = privileged;

    /// <summary>Every namespace may use everything (local mode: one user owns every file).</summary>
    public static NamespacePermissions All { get; } = new(null);

    /// <summary>Only <paramref name="namespaces"/> may; an entry "*" lets every namespace.</summary>
    public static NamespacePermissions Only(IEnumerable<string> namespaces)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var set = namespaces.ToHashSet(StringComparer.Ordinal);
        return set.Contains("*") ? All : new NamespacePermissions(set);
    }

    /// <summary>Equal when the same namespaces are privileged (so a memo keyed on permissions survives a new instance).</summary>
    public bool Equals(NamespacePermissions? other) =>
        other is not null && (ReferenceEquals(_privileged, other._privileged) || (_privileged is not null && other._privileged is not null && _privileged.SetEquals(other._privileged)));

    public override bool Equals(object? obj) => Equals(obj as NamespacePermissions);

    public override int GetHashCode() => _privileged is null ? 0 : _privileged.Count;

    /// <summary>The privileged settings <paramref name="compiled"/> (from <paramref name="policy"/>) uses but its namespace may not.</summary>
    public IReadOnlyList<FieldError> Check(TlsPolicy policy, CompiledPolicy compiled)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(compiled);
        var ns = policy.Metadata?.NamespaceProperty ?? string.Empty;
        if (_privileged is null || _privileged.Contains(ns))
        {
            return [];
        }

        var allowed = string.Join(", ", _privileged.Order(StringComparer.Ordinal));
        var errors = new List<FieldError>();
        if (compiled.NextHop is not null)
        {
            errors.Add(new FieldError("spec.nextHop", $"namespace {ns} may not set nextHop (it reroutes mail); only the operator's --privileged-namespaces ({allowed}) may"));
        }

        if (compiled.Level == TlsLevel.None)
        {
            errors.Add(new FieldError("spec.level", $"namespace {ns} may not set level None (mail in clear); only the operator's --privileged-namespaces ({allowed}) may"));
        }

        if (compiled.Domains.Contains("*"))
        {
            errors.Add(new FieldError("spec.domains", $"namespace {ns} may not claim \"*\" (every domain without a policy); only the operator's --privileged-namespaces ({allowed}) may"));
        }

        foreach (var suffix in compiled.Domains.Where(d => d.StartsWith('.') && d.IndexOf('.', 1) < 0))
        {
            errors.Add(new FieldError("spec.domains", $"namespace {ns} may not claim the top-level suffix \"{suffix}\" (every domain under it without a policy); only the operator's --privileged-namespaces ({allowed}) may"));
        }

        return errors;
    }
}
