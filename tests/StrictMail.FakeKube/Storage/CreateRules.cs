using System.Security.Cryptography;
using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Storage;

/// <summary>How a POSTed object becomes a stored one: name, uid, timestamps, generation.</summary>
internal static class CreateRules
{
    public static JsonObject Prepare(ResourceType type, string? ns, JsonObject incoming, DateTimeOffset now)
    {
        var obj = (JsonObject)incoming.DeepClone();
        var metadata = ObjectMeta.Metadata(obj);
        var name = ObjectMeta.Get(obj, "name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = ObjectMeta.Get(obj, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiErrors.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
            }

            name = prefix + RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 5);
            metadata["name"] = name;
        }

        if (type.Namespaced)
        {
            var bodyNamespace = ObjectMeta.Get(obj, "namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = ObjectMeta.Timestamp(now);
        metadata["generation"] = 1;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("resourceVersion");
        obj["kind"] = type.Kind;
        obj["apiVersion"] = type.ApiVersion;
        if (type == BuiltInResources.Crds)
        {
            obj["status"] = EstablishedStatus(obj, now);
        }
        else if (type == BuiltInResources.Namespaces)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type.HasStatusSubresource && !BuiltInResources.All.Contains(type))
        {
            // Custom resources with a status subresource ignore status on create.
            obj.Remove("status");
        }

        return obj;
    }

    private static JsonObject EstablishedStatus(JsonObject crd, DateTimeOffset now)
    {
        JsonObject Condition(string conditionType, string reason) => new()
        {
            ["type"] = conditionType,
            ["status"] = "True",
            ["reason"] = reason,
            ["message"] = "",
            ["lastTransitionTime"] = ObjectMeta.Timestamp(now),
        };

        return new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("NamesAccepted", "NoConflicts"), Condition("Established", "InitialNamesAccepted")),
            ["acceptedNames"] = crd["spec"]?["names"]?.DeepClone(),
            ["storedVersions"] = new JsonArray(((crd["spec"]?["versions"] as JsonArray) ?? [])
                .Select(v => (JsonNode?)JsonValue.Create((string?)v?["name"])).ToArray()),
        };
    }
}
