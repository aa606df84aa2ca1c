namespace StrictMail.FakeKube.Resources;

/// <summary>The built-in resources the operator touches; custom resources come from stored CRDs.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "configmap", "ConfigMap", true, false, ["cm"], []);
    public static readonly ResourceType CoreEvents = new("", "v1", "events", "event", "Event", true, false, ["ev"], []);
    public static readonly ResourceType Pods = new("", "v1", "pods", "pod", "Pod", true, true, ["po"], ["all"]);
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", false, true, ["ns"], []);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, false, [], []);
    public static readonly ResourceType Events = new("events.k8s.io", "v1", "events", "event", "Event", true, false, ["ev"], []);

    public static readonly ResourceType Crds = new(
        "apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
        false, true, ["crd", "crds"], ["api-extensions"]);

    public static IReadOnlyList<ResourceType> All { get; } = [ConfigMaps, CoreEvents, Pods, Namespaces, Leases, Events, Crds];
}
