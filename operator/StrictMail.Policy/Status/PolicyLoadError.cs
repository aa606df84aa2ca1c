using System.Text.Json.Serialization;

namespace StrictMail.Policy.Status;

/// <summary>Why the newest policy file was not applied, and when that was found.</summary>
/// <param name="Message">What is wrong with the file, in one sentence.</param>
/// <param name="At">When the file was read.</param>
public sealed record PolicyLoadError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("at")] DateTimeOffset At);
