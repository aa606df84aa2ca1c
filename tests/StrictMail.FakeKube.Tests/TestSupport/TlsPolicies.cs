using System.Text.Json;
using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Tests.TestSupport;

/// <summary>The repository's TlsPolicy CRD and policies to store under it.</summary>
internal static class TlsPolicies
{
    public const string PolicyGroup = "strictmail.io";
    public const string PolicyVersion = "v1alpha1";
    public const string PolicyPlural = "tlspolicies";

    public static string CrdPath { get; } = Path.Combine(AppContext.BaseDirectory, "crds", "tlspolicies.strictmail.io.yaml");

    public static void SeedCrd(FakeKubeServer server) => server.SeedYaml(File.ReadAllText(CrdPath));

    public static JsonObject Policy(string name, string level = "Secure") => new()
    {
        ["apiVersion"] = $"{PolicyGroup}/{PolicyVersion}",
        ["kind"] = "TlsPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Clients.Namespace },
        ["spec"] = new JsonObject { ["domains"] = new JsonArray("bank.example"), ["level"] = level, ["mode"] = "Enforce" },
    };

    /// <summary>CustomObjects answers JsonElement; tests read it as a JsonObject.</summary>
    public static JsonObject Read(object response) =>
        JsonNode.Parse(((JsonElement)response).GetRawText())!.AsObject();
}
