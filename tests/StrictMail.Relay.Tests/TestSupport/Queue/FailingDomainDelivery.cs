using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Tests.TestSupport.Queue;

/// <summary>The real delivery, except that every delivery to one domain throws: a fault in one domain's path.</summary>
internal sealed class FailingDomainDelivery(IDomainDelivery inner, string failingDomain) : IDomainDelivery
{
    /// <summary>Deliveries to the failing domain that threw.</summary>
    public int Failures => _failures;

    private int _failures;

    public bool PolicyLoaded => inner.PolicyLoaded;

    public (string Name, TimeSpan? BounceAfter) PolicyOf(string domain) => inner.PolicyOf(domain);

    public Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.Equals(request.Domain, failingDomain, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _failures);
            throw new IOException($"injected failure for {failingDomain}");
        }

        return inner.DeliverAsync(request, cancellation);
    }
}
