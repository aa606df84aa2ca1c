namespace StrictMail.Relay.Delivery.Sts;

/// <summary>The outcome of one MTA-STS policy fetch.</summary>
/// <param name="Policy">The parsed policy; null when the fetch or the parse failed.</param>
/// <param name="ResultType">The RFC 8460 result type of a failure (sts-policy-fetch-error, sts-policy-invalid, sts-webpki-invalid); null on success.</param>
/// <param name="Detail">For a human: what was fetched from where, or what went wrong.</param>
internal sealed record StsFetch(StsPolicy? Policy, string? ResultType, string Detail)
{
    public const string FetchError = "sts-policy-fetch-error";
    public const string Invalid = "sts-policy-invalid";
    public const string WebPkiInvalid = "sts-webpki-invalid";
}
