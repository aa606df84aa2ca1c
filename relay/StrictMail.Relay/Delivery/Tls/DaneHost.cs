namespace StrictMail.Relay.Delivery.Tls;

/// <summary>DANE's verdict on one MX host before connecting: whether it applies, and with which records.</summary>
/// <param name="State">Which case of RFC 7672 2.2 holds.</param>
/// <param name="Detail">For a human: what DNS said (which records, which name, why not).</param>
/// <param name="Expectation">The records and names to check when <see cref="DaneHostState.Usable"/>; null otherwise.</param>
internal sealed record DaneHost(DaneHostState State, string Detail, DaneExpectation? Expectation = null)
{
    public static DaneHost NotApplicable(string why) => new(DaneHostState.NotApplicable, why);
}
