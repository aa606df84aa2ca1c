using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;

namespace StrictMail.FakeKube.Http;

/// <summary>The legacy discovery documents kubectl reads: /api, /apis, /api/v1, /apis/group/version, /version.</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>The document for <paramref name="path"/>, or null when it is not a discovery path.</summary>
    public static JsonObject? For(string path, IReadOnlyList<ResourceType> types)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => new JsonObject { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0-strictmail-fake", ["platform"] = "linux/amd64" },
            ["api"] => new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() },
            ["apis"] => Groups(types),
            ["api", var version] => Resources(types, "", version),
            ["apis", var group, var version] => Resources(types, group, version),
            _ => null,
        };
    }

    private static JsonObject Groups(IReadOnlyList<ResourceType> types)
    {
        var groups = new JsonArray();
        foreach (var byGroup in types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group))
        {
            var versions = byGroup.Select(t => t.Version).Distinct()
                .Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{byGroup.Key}/{v}", ["version"] = v })
                .ToArray();
            groups.Add(new JsonObject
            {
                ["name"] = byGroup.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = versions[0].DeepClone(),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private static JsonObject? Resources(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var served = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in served)
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray([.. AllVerbs.Select(v => (JsonNode)v)]),
                ["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)v)]),
                ["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)v)]),
            });
            if (type.HasStatusSubresource)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
