namespace StrictMail.Relay.Delivery.Sts;

/// <summary>One domain as the relay's admin port lists it (<c>GET /mta-sts</c>): its cached policy and its last fetch failure, either of which may be missing.</summary>
/// <param name="Domain">The recipient domain.</param>
/// <param name="Cached">The cached policy, or null.</param>
/// <param name="LastFailure">The last failed fetch since the last good one, or null.</param>
internal sealed record StsDomainState(string Domain, StsCachedPolicy? Cached, StsFailure? LastFailure);
