namespace StrictMail.Relay.Delivery.Routing;

/// <summary>The result of checking the trusted resolvers, for /readyz, the gauge and the log.</summary>
/// <param name="State">Validating or not.</param>
/// <param name="Detail">For a human: which resolver, which name, what came back.</param>
/// <param name="CheckedAt">When; null before the first check.</param>
internal sealed record DnssecVerdict(DnssecState State, string Detail, DateTimeOffset? CheckedAt);
