using k8s;
using k8s.Models;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>Deserializes rendered objects into the KubernetesClient model of their kind, refusing unknown fields and wrong types.</summary>
internal static class StrictModels
{
    /// <summary>Kinds that have no KubernetesClient model; their tests check them structurally.</summary>
    public static readonly IReadOnlySet<string> Structural = new HashSet<string>(StringComparer.Ordinal)
    {
        "monitoring.coreos.com/v1/ServiceMonitor",
        "monitoring.coreos.com/v1/PrometheusRule",
        "cert-manager.io/v1/Certificate",
    };

    private static readonly Dictionary<string, Type> Models = new(StringComparer.Ordinal)
    {
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["apiextensions.k8s.io/v1/CustomResourceDefinition"] = typeof(V1CustomResourceDefinition),
    };

    /// <summary>The model type of an apiVersion and kind, or null when KubernetesClient has none.</summary>
    public static Type? ModelOf(string apiVersion, string kind) => Models.GetValueOrDefault(apiVersion + "/" + kind);

    /// <summary>Strict YAML deserialization: an unknown field or a value of the wrong type throws.</summary>
    public static T Deserialize<T>(string yaml) => KubernetesYaml.Deserialize<T>(yaml, strict: true);

    /// <summary>Deserializes a document into the model of its kind; throws when the kind has neither a model nor a structural check.</summary>
    public static object? Deserialize(RenderedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var key = document.ApiVersion + "/" + document.Kind;
        if (Structural.Contains(key))
        {
            return null;
        }

        var type = ModelOf(document.ApiVersion, document.Kind)
            ?? throw new InvalidOperationException($"{document}: no KubernetesClient model is mapped for {key}; add it to StrictModels");
        var method = typeof(StrictModels).GetMethod(nameof(Deserialize), 1, [typeof(string)])!.MakeGenericMethod(type);
        try
        {
            return method.Invoke(null, [document.Yaml]);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{document} does not fit {type.Name}: {e.InnerException.Message}", e.InnerException);
        }
    }
}
