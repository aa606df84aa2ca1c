using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Resources;

/// <summary>One kind of object the fake serves: where it lives in the URL space and how it behaves.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    bool HasStatusSubresource,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    JsonArray? PrinterColumns = null)
{
    /// <summary>"v1" for the core group, otherwise "group/version".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group as the API server names it in a Status ("" for core).</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
