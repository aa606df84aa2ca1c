using StrictMail.Operator.Runtime.Events;

namespace StrictMail.Operator.Controller;

/// <summary>An Event to record on a TlsPolicy.</summary>
/// <param name="Kind">Normal or Warning.</param>
/// <param name="Reason">UpperCamelCase reason, as kubectl describe shows it.</param>
/// <param name="Note">What happened, for a person.</param>
internal sealed record PolicyEvent(EventKind Kind, string Reason, string Note);
