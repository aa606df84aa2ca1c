namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Which published TLSA records an SMTP client may use (RFC 7672 3.1.3, RFC 7671 9): usages DANE-TA(2) and DANE-EE(3)
/// only; selectors 0 and 1; matching types 0, 1 and 2 with data of the right length; and digest agility: for each
/// usage and selector, a SHA-512 record present makes the SHA-256 records of that pair unused. Pure.
/// </summary>
internal static class TlsaUsability
{
    /// <summary>The usable records of <paramref name="published"/>, in their published order.</summary>
    public static IReadOnlyList<TlsaRecordData> Usable(IEnumerable<TlsaRecordData> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var wellFormed = published.Where(WellFormed).ToList();
        return wellFormed
            .Where(r => r.MatchingType != TlsaRecordData.Sha256
                || !wellFormed.Any(s => s.Usage == r.Usage && s.Selector == r.Selector && s.MatchingType == TlsaRecordData.Sha512))
            .ToList();
    }

    /// <summary>Why <paramref name="record"/> is unusable, or null when it is usable on its own (digest agility aside).</summary>
    public static string? Problem(TlsaRecordData record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record switch
        {
            { Usage: 0 or 1 } => $"usage {record.Usage} (PKIX) is not used for SMTP (RFC 7672 3.1.3)",
            { Usage: not (TlsaRecordData.DaneTa or TlsaRecordData.DaneEe) } => $"unknown usage {record.Usage}",
            { Selector: not (TlsaRecordData.FullCertificate or TlsaRecordData.PublicKey) } => $"unknown selector {record.Selector}",
            { MatchingType: TlsaRecordData.Sha256 } when record.Data.Length != 32 => $"a SHA-256 digest of {record.Data.Length} bytes",
            { MatchingType: TlsaRecordData.Sha512 } when record.Data.Length != 64 => $"a SHA-512 digest of {record.Data.Length} bytes",
            { MatchingType: TlsaRecordData.Exact } when record.Data.Length == 0 => "empty association data",
            { MatchingType: not (TlsaRecordData.Exact or TlsaRecordData.Sha256 or TlsaRecordData.Sha512) } => $"unknown matching type {record.MatchingType}",
            _ => null,
        };
    }

    private static bool WellFormed(TlsaRecordData record) => Problem(record) is null;
}
