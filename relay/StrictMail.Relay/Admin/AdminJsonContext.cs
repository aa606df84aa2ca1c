using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrictMail.Relay.Admin;

/// <summary>Source-generated JSON for the admin responses (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PolicyStatusResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
