using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Resources;

/// <summary>The resource types served now: the built-in ones plus those of every stored CRD.</summary>
internal sealed class ResourceRegistry
{
    private readonly ObjectStore store;

    public ResourceRegistry(ObjectStore store) => this.store = store;

    public IReadOnlyList<ResourceType> All()
    {
        var crds = store.List(BuiltInResources.Crds, null, _ => true).Items;
        return [.. BuiltInResources.All, .. crds.SelectMany(CrdResourceReader.Read)];
    }

    public ResourceType? Find(string group, string version, string plural) =>
        All().FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        All().FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);
}
