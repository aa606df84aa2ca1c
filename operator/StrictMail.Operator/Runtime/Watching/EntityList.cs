using System.Text.Json.Serialization;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>The body of a LIST of custom objects: items plus the list's resourceVersion.</summary>
/// <typeparam name="TEntity">The listed entity.</typeparam>
internal sealed class EntityList<TEntity>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<TEntity> Items { get; set; } = [];
}
