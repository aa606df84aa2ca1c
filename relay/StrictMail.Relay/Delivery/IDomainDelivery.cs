namespace StrictMail.Relay.Delivery;

/// <summary>
/// What the queue asks of delivery: take one message to the recipients of one domain under the
/// policy the current document names for it. The queue knows nothing of policies, DNS or TLS.
/// </summary>
internal interface IDomainDelivery
{
    /// <summary>Whether a valid policy document is loaded; until one is, nothing is delivered.</summary>
    bool PolicyLoaded { get; }

    /// <summary>The name and onFailure.bounceAfter of the policy that governs <paramref name="domain"/>, for results the delivery itself could not give.</summary>
    (string Name, TimeSpan? BounceAfter) PolicyOf(string domain);

    /// <summary>Delivers under the domain's policy; the outcome names the policy and its bounceAfter.</summary>
    Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellation);
}
