namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>An approved session, or why there is none; plus every downgrade seen on the way.</summary>
/// <param name="Connection">The session, or null.</param>
/// <param name="Failure">Why there is no session; null when there is one.</param>
/// <param name="PolicyRefused">True when the policy (not the network) refused the session.</param>
/// <param name="Downgrades">Downgrade attempts seen while opening it.</param>
internal sealed record SessionResult(SmtpConnection? Connection, string? Failure, bool PolicyRefused, IReadOnlyList<DowngradeEvent> Downgrades)
{
    /// <summary>The result type of the refusal, if the policy refused.</summary>
    public string? ResultType => PolicyRefused ? Downgrades.LastOrDefault(d => d.Blocked)?.ResultType : null;
}
