using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>The API server's standard refusals, with its wording.</summary>
internal static class ApiErrors
{
    public static KubeApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", name, type.Group, type.Plural);

    public static KubeApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", name, type.Group, type.Plural);

    public static KubeApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            name, type.Group, type.Plural);

    public static KubeApiException Invalid(ResourceType type, string name, string message) =>
        new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {message}", name, type.Group, type.Kind);

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException Gone(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");
}
