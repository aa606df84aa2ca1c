namespace StrictMail.Relay.Delivery.Tls;

/// <summary>Whether a server certificate satisfies a policy, and if not, why.</summary>
/// <param name="Ok">True when the policy is satisfied.</param>
/// <param name="ResultType">The RFC 8460 result type when not ok.</param>
/// <param name="Detail">For a human: what was checked and what failed.</param>
/// <param name="VerifiedIdentity">The name or pin that matched; null when nothing was verified.</param>
internal sealed record CertificateVerdict(bool Ok, string? ResultType, string Detail, string? VerifiedIdentity)
{
    public static CertificateVerdict Unchecked { get; } = new(true, null, "certificate not checked at this level", null);

    public static CertificateVerdict Pass(string identity, string detail) => new(true, null, detail, identity);

    public static CertificateVerdict Fail(string resultType, string detail) => new(false, resultType, detail, null);
}
