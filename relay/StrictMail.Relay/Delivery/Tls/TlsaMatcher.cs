using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Checks a server's certificate chain against usable TLSA records as RFC 7672 3.1 says: DANE-EE(3) matches the leaf
/// with no name and no validity check; DANE-TA(2) matches a certificate of the chain, which must then chain the leaf to
/// it (validity checked) and the leaf must carry one of the reference names (the TLSA base domain and the MX host name).
/// Pure.
/// </summary>
internal static class TlsaMatcher
{
    /// <param name="usable">The usable records (<see cref="TlsaUsability.Usable"/>); empty means the caller has nothing to authenticate with.</param>
    /// <param name="certificate">The server's leaf and the other certificates of its chain.</param>
    /// <param name="referenceNames">The names DANE-TA checks the leaf against.</param>
    /// <param name="now">The time DANE-TA chains are checked at.</param>
    public static DaneMatch Match(IReadOnlyList<TlsaRecordData> usable, ServerCertificate certificate, IReadOnlyList<string> referenceNames, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(usable);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(referenceNames);
        if (usable.Count == 0)
        {
            return DaneMatch.Failure("no usable TLSA record");
        }

        foreach (var record in usable.Where(r => r.Usage == TlsaRecordData.DaneEe))
        {
            if (Associates(record, certificate.Leaf))
            {
                return DaneMatch.Success(record, "the server certificate (DANE-EE: names and dates not checked)");
            }
        }

        string? taProblem = null;
        foreach (var record in usable.Where(r => r.Usage == TlsaRecordData.DaneTa))
        {
            // A trust anchor issues: only certificates above the leaf count (as OpenSSL's DANE matching does).
            foreach (var anchor in certificate.Intermediates)
            {
                if (!Associates(record, anchor))
                {
                    continue;
                }

                taProblem = AnchoredChain.Problem(certificate, anchor, now) is { } broken ? $"the chain does not verify up to the DANE-TA trust anchor {anchor.Subject}: {broken}" : null;
                if (taProblem is not null)
                {
                    continue;
                }

                var name = CertificateNameMatcher.FirstMatch(certificate.DnsNames, referenceNames);
                if (name is null)
                {
                    taProblem = $"the chain ends in the DANE-TA trust anchor {anchor.Subject}, but the certificate names ({string.Join(", ", certificate.DnsNames)}) include none of {string.Join(", ", referenceNames)}";
                    continue;
                }

                return DaneMatch.Success(record, $"the trust anchor {anchor.Subject} (DANE-TA), certificate name {name}");
            }
        }

        return DaneMatch.Failure(taProblem ?? $"no TLSA record ({string.Join("; ", usable)}) matches the server's chain");
    }

    /// <summary>Whether <paramref name="record"/>'s data is the selected part of <paramref name="certificate"/>, hashed as it says.</summary>
    public static bool Associates(TlsaRecordData record, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(certificate);
        var selected = record.Selector == TlsaRecordData.PublicKey ? certificate.PublicKey.ExportSubjectPublicKeyInfo() : certificate.RawData;
        var digest = record.MatchingType switch
        {
            TlsaRecordData.Sha256 => SHA256.HashData(selected),
            TlsaRecordData.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
        return CryptographicOperations.FixedTimeEquals(digest, record.Data.Span);
    }
}
