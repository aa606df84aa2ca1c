using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class TlsaUsabilityTests
{
    private static readonly byte[] Sha256Data = new byte[32];
    private static readonly byte[] Sha512Data = new byte[64];

    [Fact]
    public void Usable_PkixUsages_Dropped()
    {
        var usable = TlsaUsability.Usable([new(0, 1, 1, Sha256Data), new(1, 1, 1, Sha256Data), new(2, 1, 1, Sha256Data), new(3, 1, 1, Sha256Data)]);

        Assert.Equal([2, 3], usable.Select(r => (int)r.Usage));
    }

    [Theory]
    [InlineData(3, 1, 1, 20, "a SHA-256 digest of 20 bytes")]
    [InlineData(3, 1, 2, 32, "a SHA-512 digest of 32 bytes")]
    [InlineData(3, 2, 1, 32, "unknown selector 2")]
    [InlineData(3, 1, 3, 32, "unknown matching type 3")]
    [InlineData(4, 1, 1, 32, "unknown usage 4")]
    [InlineData(3, 0, 0, 0, "empty association data")]
    [InlineData(1, 1, 1, 32, "usage 1 (PKIX) is not used for SMTP (RFC 7672 3.1.3)")]
    public void Problem_MalformedRecord_SaysWhy(int usage, int selector, int matching, int length, string expected)
    {
        var record = new TlsaRecordData((byte)usage, (byte)selector, (byte)matching, new byte[length]);

        Assert.Equal(expected, TlsaUsability.Problem(record));
        Assert.Empty(TlsaUsability.Usable([record]));
    }

    [Fact]
    public void Usable_Sha512BesideSha256ForTheSamePair_OnlySha512Used()
    {
        var usable = TlsaUsability.Usable([new(3, 1, 1, Sha256Data), new(3, 1, 2, Sha512Data), new(3, 0, 1, Sha256Data), new(2, 1, 1, Sha256Data)]);

        Assert.Equal(["3 1 2", "3 0 1", "2 1 1"], usable.Select(r => $"{r.Usage} {r.Selector} {r.MatchingType}"));
    }

    [Fact]
    public void Usable_FullDataBesideDigests_Kept()
    {
        var usable = TlsaUsability.Usable([new(3, 1, 0, new byte[91]), new(3, 1, 2, Sha512Data)]);

        Assert.Equal(2, usable.Count);
    }
}
