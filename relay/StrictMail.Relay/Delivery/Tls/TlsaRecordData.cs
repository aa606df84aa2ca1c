using System.Globalization;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>One TLSA record (RFC 6698) as published: usage, selector, matching type and association data.</summary>
/// <param name="Usage">0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (only 2 and 3 are usable for SMTP, RFC 7672 3.1.3).</param>
/// <param name="Selector">0 the whole certificate, 1 its SubjectPublicKeyInfo.</param>
/// <param name="MatchingType">0 the bytes themselves, 1 SHA-256, 2 SHA-512.</param>
/// <param name="Data">The certificate association data.</param>
internal sealed record TlsaRecordData(byte Usage, byte Selector, byte MatchingType, ReadOnlyMemory<byte> Data)
{
    public const byte DaneTa = 2;
    public const byte DaneEe = 3;
    public const byte FullCertificate = 0;
    public const byte PublicKey = 1;
    public const byte Exact = 0;
    public const byte Sha256 = 1;
    public const byte Sha512 = 2;

    /// <summary>As in a zone file, the data shortened: "3 1 1 a1b2c3d4e5f6...".</summary>
    public override string ToString()
    {
        var hex = Convert.ToHexStringLower(Data.Span);
        return string.Create(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} {(hex.Length > 16 ? hex[..16] + "..." : hex)}");
    }

    public bool Equals(TlsaRecordData? other) =>
        other is not null && Usage == other.Usage && Selector == other.Selector && MatchingType == other.MatchingType && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Usage, Selector, MatchingType, Data.Length);
}
