namespace StrictMail.Relay.Delivery.Sts;

/// <summary>The last failed policy fetch of a domain: not retried for the same TXT id until <see cref="StsDiscovery.RetryFailedFetchAfter"/> has passed.</summary>
/// <param name="Id">The TXT id the fetch was made for (a new id fetches at once).</param>
/// <param name="At">When it failed.</param>
/// <param name="ResultType">Its RFC 8460 result type.</param>
/// <param name="Detail">What went wrong.</param>
/// <param name="Counted">Whether a delivery has counted it yet (a background refresh leaves it to the next delivery).</param>
internal sealed record StsFailure(string Id, DateTimeOffset At, string ResultType, string Detail, bool Counted = false);
