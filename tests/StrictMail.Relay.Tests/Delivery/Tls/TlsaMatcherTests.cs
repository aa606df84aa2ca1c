using System.Security.Cryptography.X509Certificates;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Dnssec;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class TlsaMatcherTests
{
    private static readonly string[] PartnerNames = [TestPki.PartnerMx];
    private static readonly TestPki Pki = TestPki.Shared;

    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public void Match_DaneEeSpkiSha256OnExpiredWrongNameCertificate_MatchesWithoutNameOrDateCheck()
    {
        var expiredOtherName = Pki.Ca.IssueServer(["mx.elsewhere.test"], DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var record = Record(3, 1, 1, expiredOtherName);

        var match = TlsaMatcher.Match([record], new ServerCertificate(expiredOtherName, []), PartnerNames, Now);

        Assert.True(match.Matched, match.Reason);
        Assert.Equal(record, match.Record);
        Assert.Contains("DANE-EE", match.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    public void Match_DaneEeEverySelectorAndMatchingType_Matches(int selector, int matching)
    {
        var match = TlsaMatcher.Match([Record(3, selector, matching, Pki.SelfSigned)], new ServerCertificate(Pki.SelfSigned, []), PartnerNames, Now);

        Assert.True(match.Matched, match.Reason);
    }

    [Fact]
    public void Match_DaneEeForAnotherKey_NoMatchNamingTheRecords()
    {
        var record = Record(3, 1, 1, Pki.Attacker);

        var match = TlsaMatcher.Match([record], new ServerCertificate(Pki.Good, [Pki.Ca.Certificate]), PartnerNames, Now);

        Assert.False(match.Matched);
        Assert.Null(match.Record);
        Assert.Contains(record.ToString(), match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DaneTaRootInChainAndRightName_Matches()
    {
        var match = TlsaMatcher.Match([Record(2, 1, 1, Pki.Ca.Certificate)], new ServerCertificate(Pki.Good, [Pki.Ca.Certificate]), PartnerNames, Now);

        Assert.True(match.Matched, match.Reason);
        Assert.Contains("DANE-TA", match.Reason, StringComparison.Ordinal);
        Assert.Contains(TestPki.PartnerMx, match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DaneTaRootAndWrongName_FailsSayingWhichNames()
    {
        var match = TlsaMatcher.Match([Record(2, 0, 1, Pki.Ca.Certificate)], new ServerCertificate(Pki.WrongName, [Pki.Ca.Certificate]), PartnerNames, Now);

        Assert.False(match.Matched);
        Assert.Contains(TestPki.OtherMx, match.Reason, StringComparison.Ordinal);
        Assert.Contains(TestPki.PartnerMx, match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DaneTaRootAndExpiredLeaf_Fails()
    {
        var match = TlsaMatcher.Match([Record(2, 1, 1, Pki.Ca.Certificate)], new ServerCertificate(Pki.Expired, [Pki.Ca.Certificate]), PartnerNames, Now);

        Assert.False(match.Matched);
        Assert.Contains("does not verify", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DaneTaRecordForAnotherCa_Fails()
    {
        var match = TlsaMatcher.Match([Record(2, 1, 1, Pki.UnrelatedCa.Certificate)], new ServerCertificate(Pki.Good, [Pki.Ca.Certificate]), PartnerNames, Now);

        Assert.False(match.Matched);
    }

    [Fact]
    public void Match_DaneTaRecordForTheLeafItself_NoMatchAnAnchorMustIssue()
    {
        var match = TlsaMatcher.Match([Record(2, 1, 1, Pki.SelfSigned)], new ServerCertificate(Pki.SelfSigned, []), PartnerNames, Now);

        Assert.False(match.Matched);
    }

    [Fact]
    public void Match_DaneTaIntermediateAnchor_MatchesWithoutTheRoot()
    {
        using var intermediate = Pki.Ca.IssueIntermediate("StrictMail Test Issuing CA");
        var leaf = intermediate.IssueServer([TestPki.PartnerMx]);

        var match = TlsaMatcher.Match([Record(2, 1, 2, intermediate.Certificate)], new ServerCertificate(leaf, [intermediate.Certificate]), PartnerNames, Now);

        Assert.True(match.Matched, match.Reason);
    }

    [Fact]
    public void Match_NoUsableRecords_Fails()
    {
        var match = TlsaMatcher.Match([], new ServerCertificate(Pki.Good, []), PartnerNames, Now);

        Assert.False(match.Matched);
        Assert.Equal("no usable TLSA record", match.Reason);
    }

    private static TlsaRecordData Record(int usage, int selector, int matching, X509Certificate2 certificate) =>
        new((byte)usage, (byte)selector, (byte)matching, TlsaData.For(certificate, selector, matching));
}
