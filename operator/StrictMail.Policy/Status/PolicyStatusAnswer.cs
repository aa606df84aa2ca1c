using System.Text.Json.Serialization;

namespace StrictMail.Policy.Status;

/// <summary>
/// The body of a relay's GET /policy: what it applies, and why a newer file was refused. The relay writes it and the operator
/// reads it; the JSON names are pinned here, so both ends agree whatever serializer options each uses.
/// </summary>
/// <param name="Revision">The applied document's revision; null before the first valid document.</param>
/// <param name="Policies">How many policies the applied document holds; null before the first valid document.</param>
/// <param name="LoadedAt">When the applied document was loaded.</param>
/// <param name="Source">The policy file the relay reads.</param>
/// <param name="LastError">Why the newest file was refused; null when the newest file is the one applied.</param>
/// <param name="Ready">Whether a valid document is applied.</param>
public sealed record PolicyStatusAnswer(
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("policies")] int? Policies,
    [property: JsonPropertyName("loadedAt")] DateTimeOffset? LoadedAt,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("lastError")] PolicyLoadError? LastError,
    [property: JsonPropertyName("ready")] bool Ready);
