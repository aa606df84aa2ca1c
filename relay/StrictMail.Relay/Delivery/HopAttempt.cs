namespace StrictMail.Relay.Delivery;

/// <summary>Why one MX address did not take the message.</summary>
/// <param name="MxHost">The MX host name.</param>
/// <param name="Address">The address tried, or empty when the name had none.</param>
/// <param name="Reason">For a human.</param>
/// <param name="ResultType">The RFC 8460 result type when the policy refused the session, else null.</param>
/// <param name="RequireTlsNotOffered">True when a REQUIRETLS message was not sent because this next hop does not offer REQUIRETLS.</param>
internal sealed record HopAttempt(string MxHost, string Address, string Reason, string? ResultType, bool RequireTlsNotOffered = false)
{
    public override string ToString() => Address.Length == 0 ? $"{MxHost}: {Reason}" : $"{MxHost}[{Address}]: {Reason}";
}
