namespace StrictMail.Operator.Runtime.Events;

/// <summary>An Event already written, that repeats are aggregated into.</summary>
internal sealed record RecordedEvent(string Namespace, string Name, int Count);
