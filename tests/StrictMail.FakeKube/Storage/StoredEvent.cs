using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Storage;

/// <summary>One change as a watch reports it: ADDED, MODIFIED or DELETED at a resourceVersion; Previous is the object before a MODIFIED.</summary>
internal sealed record StoredEvent(long ResourceVersion, string Type, ResourceKey Key, JsonObject Object, JsonObject? Previous = null);
