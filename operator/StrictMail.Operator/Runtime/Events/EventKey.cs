namespace StrictMail.Operator.Runtime.Events;

/// <summary>What makes two events repeats of one another: the same object, type, reason and note.</summary>
internal readonly record struct EventKey(string? Uid, string? Namespace, string? Name, EventKind Kind, string Reason, string Note);
