using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Entities;

/// <summary>
/// Base of a custom resource with spec and status, in the shape of KubeOps' CustomKubernetesEntity
/// so that KubeOps can replace this runtime without touching the entity classes.
/// </summary>
/// <typeparam name="TSpec">The desired state the user writes.</typeparam>
/// <typeparam name="TStatus">The observed state the operator writes.</typeparam>
public abstract class CustomKubernetesEntity<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    /// <summary>The API group and version, e.g. strictmail.io/v1alpha1.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    /// <summary>The kind, e.g. TlsPolicy.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    /// <summary>The observed state; written only through the status subresource.</summary>
    [JsonPropertyName("status")]
    public TStatus Status { get; set; } = new();
}
