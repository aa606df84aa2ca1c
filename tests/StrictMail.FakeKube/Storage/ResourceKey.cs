using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>Where one object is stored; Namespace is "" for cluster-scoped objects.</summary>
internal readonly record struct ResourceKey(string Group, string Version, string Plural, string Namespace, string Name)
{
    public static ResourceKey For(ResourceType type, string? ns, string name) =>
        new(type.Group, type.Version, type.Plural, type.Namespaced ? ns ?? "" : "", name);

    public bool IsOf(ResourceType type) => Group == type.Group && Version == type.Version && Plural == type.Plural;
}
