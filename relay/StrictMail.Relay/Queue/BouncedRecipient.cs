namespace StrictMail.Relay.Queue;

/// <summary>A recipient that will not be delivered, and everything its DSN status group says.</summary>
/// <param name="Recipient">The envelope recipient.</param>
/// <param name="Policy">The policy that governed the attempt (metric label).</param>
/// <param name="Reason">rejected, policy, expired, unroutable or malformed (metric label).</param>
/// <param name="Status">The RFC 3463 status, e.g. 5.1.1 or 4.4.7.</param>
/// <param name="Diagnostic">For a human: what happened.</param>
internal sealed record BouncedRecipient(string Recipient, string Policy, string Reason, string Status, string Diagnostic);
