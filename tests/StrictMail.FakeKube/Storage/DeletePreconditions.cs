using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>DeleteOptions.preconditions: delete only the object with this uid and/or resourceVersion.</summary>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion)
{
    public static DeletePreconditions? From(JsonNode? deleteOptions) =>
        deleteOptions?["preconditions"] is JsonObject preconditions
            ? new DeletePreconditions((string?)preconditions["uid"], (string?)preconditions["resourceVersion"])
            : null;

    public void Check(ResourceType type, JsonObject existing)
    {
        var name = ObjectMeta.Get(existing, "name") ?? "";
        if ((Uid is not null && Uid != ObjectMeta.Get(existing, "uid"))
            || (ResourceVersion is not null && ResourceVersion != ObjectMeta.Get(existing, "resourceVersion")))
        {
            throw ApiErrors.Conflict(type, name);
        }
    }
}
