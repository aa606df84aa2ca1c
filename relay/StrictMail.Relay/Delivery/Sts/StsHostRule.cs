namespace StrictMail.Relay.Delivery.Sts;

/// <summary>What a domain's MTA-STS policy asks of one MX host.</summary>
/// <param name="Mode">Enforce (the session is refused when it falls short) or Testing (it is counted as allowed).</param>
/// <param name="PolicyId">The policy's id from the TXT record, for logs and spans.</param>
/// <param name="Pattern">The mx pattern the host matched; null when it matched none.</param>
internal sealed record StsHostRule(StsMode Mode, string PolicyId, string? Pattern)
{
    public bool Enforced => Mode == StsMode.Enforce;
}
