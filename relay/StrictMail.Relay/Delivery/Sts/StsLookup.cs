namespace StrictMail.Relay.Delivery.Sts;

/// <summary>A domain's MTA-STS policy for one delivery.</summary>
/// <param name="Policy">The policy in force (fresh or cached); null when the domain has none usable.</param>
/// <param name="ResultType">The RFC 8460 result type of a failure met on the way (a policy may still be in force from the cache).</param>
/// <param name="Detail">For a human: where the policy came from, or why there is none.</param>
/// <param name="FirstToMeetFailure">True for the one delivery that meets a failed fetch first: the failure is counted once, by it.</param>
internal sealed record StsLookup(StsCachedPolicy? Policy, string? ResultType, string Detail, bool FirstToMeetFailure = false);
