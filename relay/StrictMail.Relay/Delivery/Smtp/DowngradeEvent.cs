namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>A session that fell short of its policy: counted once, logged, and either blocked or let through.</summary>
/// <param name="ResultType">The RFC 8460 result type.</param>
/// <param name="Blocked">True when the relay refused to send on it.</param>
/// <param name="Detail">For a human.</param>
internal sealed record DowngradeEvent(string ResultType, bool Blocked, string Detail);
