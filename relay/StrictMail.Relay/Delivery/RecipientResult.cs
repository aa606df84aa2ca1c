namespace StrictMail.Relay.Delivery;

/// <summary>The result for one recipient.</summary>
/// <param name="Recipient">The envelope recipient.</param>
/// <param name="Status">Delivered, deferred or bounced.</param>
/// <param name="Detail">For a human: what happened, e.g. the MX's reply or why the policy refused.</param>
/// <param name="Kind">Why it was not delivered.</param>
/// <param name="EnhancedStatus">The RFC 3463 status code for a DSN, e.g. 5.1.1; null when delivered.</param>
internal sealed record RecipientResult(string Recipient, DeliveryStatus Status, string Detail, FailureKind Kind = FailureKind.None, string? EnhancedStatus = null);
