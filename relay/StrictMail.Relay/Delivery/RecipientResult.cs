namespace StrictMail.Relay.Delivery;

/// <summary>The result for one recipient.</summary>
/// <param name="Recipient">The envelope recipient.</param>
/// <param name="Status">Delivered, deferred or bounced.</param>
/// <param name="Detail">For a human: what happened, e.g. the MX's reply or why the policy refused.</param>
internal sealed record RecipientResult(string Recipient, DeliveryStatus Status, string Detail);
