namespace StrictMail.Operator.Entities;

/// <summary>The condition types and reasons of a TlsPolicy's status.</summary>
public static class PolicyConditionTypes
{
    public const string Accepted = "Accepted";
    public const string Applied = "Applied";
    public const string Ready = "Ready";
    public const string Conflict = "Conflict";
    public const string CertificateExpiring = "CertificateExpiring";

    public const string ValidReason = "Valid";
    public const string InvalidReason = "InvalidSpec";
    public const string NotPermittedReason = "NotPermitted";
    public const string DomainConflictReason = "DomainConflict";
    public const string NoConflictReason = "NoConflict";
    public const string AllRelaysReason = "AllRelaysApplied";
    public const string WaitingReason = "WaitingForRelays";
    public const string NoRelaysReason = "NoReadyRelays";
    public const string ReadyReason = "Ready";
    public const string ExpiresSoonReason = "ExpiresSoon";
    public const string NotExpiringReason = "NotExpiring";
    public const string NotProbedReason = "NotProbed";

    /// <summary>A probed MX certificate this close to its end (or past it) sets CertificateExpiring.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);
}
