namespace StrictMail.Relay.Delivery.Routing;

/// <summary>Where mail for a domain goes: hosts in the order to try, or why there is nowhere to go.</summary>
/// <param name="Targets">Hosts in preference order; empty on failure.</param>
/// <param name="Failure">Why the domain cannot be routed; null on success.</param>
/// <param name="Permanent">True when the failure is final (NXDOMAIN, null MX): bounce; false: retry later.</param>
internal sealed record Route(IReadOnlyList<MxTarget> Targets, string? Failure, bool Permanent)
{
    public static Route To(IReadOnlyList<MxTarget> targets) => new(targets, null, false);

    public static Route Temporary(string reason) => new([], reason, false);

    public static Route Final(string reason) => new([], reason, true);
}
