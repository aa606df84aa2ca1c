using System.Reflection;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>Where an entity is served, read from its KubernetesEntityAttribute.</summary>
/// <param name="Group">The API group, e.g. strictmail.io.</param>
/// <param name="Version">The API version, e.g. v1alpha1.</param>
/// <param name="Plural">The resource, e.g. tlspolicies.</param>
internal sealed record EntityResource(string Group, string Version, string Plural)
{
    public static EntityResource Of(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var attribute = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.Name} has no KubernetesEntityAttribute.", nameof(entityType));
        if (string.IsNullOrEmpty(attribute.ApiVersion) || string.IsNullOrEmpty(attribute.PluralName))
        {
            throw new ArgumentException($"{entityType.Name}'s KubernetesEntityAttribute needs ApiVersion and PluralName.", nameof(entityType));
        }

        return new EntityResource(attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.PluralName);
    }
}
