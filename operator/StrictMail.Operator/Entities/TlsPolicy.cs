using System.Text.Json.Serialization;
using k8s.Models;
using StrictMail.Operator.Runtime.Entities;

namespace StrictMail.Operator.Entities;

/// <summary>How mail to a set of recipient domains must be protected in transit.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = EntityKind, PluralName = Plural)]
public sealed class TlsPolicy : CustomKubernetesEntity<TlsPolicySpec, TlsPolicyStatus>
{
    public const string Group = "strictmail.io";
    public const string Version = "v1alpha1";
    public const string EntityKind = "TlsPolicy";
    public const string Plural = "tlspolicies";

    /// <summary>apiVersion as written in YAML.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>"namespace/name": how the controller, its reports and the probe name this policy.</summary>
    [JsonIgnore]
    public string Key => Metadata?.NamespaceProperty + "/" + Metadata?.Name;
}
