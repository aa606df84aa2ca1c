using System.Text.Json.Nodes;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>One rendered Kubernetes object: its template, its YAML text and the same as JSON for structural checks.</summary>
internal sealed record RenderedDocument(string Source, string Yaml, JsonObject Json)
{
    /// <summary>apiVersion of the object.</summary>
    public string ApiVersion => (string)Json["apiVersion"]!;

    /// <summary>kind of the object.</summary>
    public string Kind => (string)Json["kind"]!;

    /// <summary>metadata.name of the object.</summary>
    public string Name => (string)Json["metadata"]!["name"]!;

    /// <summary>metadata.namespace, or null for cluster-scoped objects.</summary>
    public string? Namespace => (string?)Json["metadata"]!["namespace"];

    /// <summary>The object strictly deserialized into its KubernetesClient model.</summary>
    public T As<T>() => StrictModels.Deserialize<T>(Yaml);

    public override string ToString() => $"{Kind} {Name} ({Source})";
}
