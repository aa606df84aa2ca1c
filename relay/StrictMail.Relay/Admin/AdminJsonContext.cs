using System.Text.Json;
using System.Text.Json.Serialization;
using StrictMail.Policy.Reporting;
using StrictMail.Policy.Status;

namespace StrictMail.Relay.Admin;

/// <summary>Source-generated JSON for the admin responses (names as the shared types pin them, camelCase otherwise; nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PolicyStatusAnswer))]
[JsonSerializable(typeof(IReadOnlyList<MtaStsEntry>))]
[JsonSerializable(typeof(TlsResultsAnswer))]
[JsonSerializable(typeof(TlsReportHandoff))]
[JsonSerializable(typeof(TlsHandoffAnswer))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
