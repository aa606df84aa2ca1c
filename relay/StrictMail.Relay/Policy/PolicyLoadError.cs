namespace StrictMail.Relay.Policy;

/// <summary>Why the newest policy file was not applied, and when that was found.</summary>
/// <param name="Message">What is wrong with the file, in one sentence.</param>
/// <param name="At">When the file was read.</param>
internal sealed record PolicyLoadError(string Message, DateTimeOffset At);
