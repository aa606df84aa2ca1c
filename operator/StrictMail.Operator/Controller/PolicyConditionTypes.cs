namespace StrictMail.Operator.Controller;

/// <summary>The condition types and reasons of a TlsPolicy's status.</summary>
public static class PolicyConditionTypes
{
    public const string Accepted = "Accepted";
    public const string Applied = "Applied";
    public const string Ready = "Ready";
    public const string Conflict = "Conflict";

    public const string ValidReason = "Valid";
    public const string InvalidReason = "InvalidSpec";
    public const string DomainConflictReason = "DomainConflict";
    public const string NoConflictReason = "NoConflict";
    public const string AllRelaysReason = "AllRelaysApplied";
    public const string WaitingReason = "WaitingForRelays";
    public const string NoRelaysReason = "NoReadyRelays";
    public const string ReadyReason = "Ready";
}
