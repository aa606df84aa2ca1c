namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// What DANE (RFC 7672) asks of one MX host's certificate: the usable TLSA records found DNSSEC-signed at the TLSA base
/// domain, and the names DANE-TA checks the leaf against. Part of <see cref="CertificateExpectation"/>, so a pooled
/// session is reused only under the same records. Equality is by value.
/// </summary>
/// <param name="Records">The usable TLSA records (<see cref="TlsaUsability.Usable"/>), never empty.</param>
/// <param name="BaseDomain">Where they were found: the MX host name, or its CNAME expansion (RFC 7672 2.2.3).</param>
/// <param name="ReferenceNames">The names a DANE-TA(2) certificate may carry: the TLSA base domain and the MX host name.</param>
internal sealed record DaneExpectation(IReadOnlyList<TlsaRecordData> Records, string BaseDomain, IReadOnlyList<string> ReferenceNames)
{
    public bool Equals(DaneExpectation? other) =>
        other is not null
        && string.Equals(BaseDomain, other.BaseDomain, StringComparison.OrdinalIgnoreCase)
        && Records.SequenceEqual(other.Records)
        && ReferenceNames.SequenceEqual(other.ReferenceNames, StringComparer.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(BaseDomain.ToLowerInvariant(), Records.Count, Records.Count > 0 ? Records[0].GetHashCode() : 0);
}
