namespace StrictMail.Relay.Delivery;

/// <summary>The result of one delivery: per recipient, with the TLS facts of the session and every MX that failed.</summary>
/// <param name="Recipients">One result per recipient, in request order.</param>
/// <param name="Tls">The session that carried the message; null when none did.</param>
/// <param name="Attempts">Every MX address that failed, in the order tried, with the reason.</param>
internal sealed record DeliveryOutcome(IReadOnlyList<RecipientResult> Recipients, TlsFacts? Tls, IReadOnlyList<HopAttempt> Attempts)
{
    /// <summary>"namespace/name" of the policy the delivery ran under (the metric label and the DSN's wording).</summary>
    public string PolicyName { get; init; } = string.Empty;

    /// <summary>The policy's onFailure.bounceAfter: deferred recipients bounce once the message is older; null uses the relay's lifetime.</summary>
    public TimeSpan? BounceAfter { get; init; }

    /// <summary>True when the recipient's enforced MTA-STS policy raised the level of the session that carried the message.</summary>
    public bool StsRaised { get; init; }

    /// <summary>The same status for every recipient, e.g. when no MX could be reached.</summary>
    public static DeliveryOutcome All(DeliveryRequest request, DeliveryStatus status, string detail, IReadOnlyList<HopAttempt> attempts, FailureKind kind, string enhancedStatus) =>
        new(request.Recipients.Select(r => new RecipientResult(r, status, detail, kind, enhancedStatus)).ToArray(), null, attempts);
}
