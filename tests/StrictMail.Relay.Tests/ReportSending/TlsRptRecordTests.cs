using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Tests.ReportSending;

public sealed class TlsRptRecordTests
{
    [Fact]
    public void Parse_MailtoAndHttps_BothDestinations()
    {
        var (record, problem) = TlsRptRecord.Parse(["v=spf1 -all", "v=TLSRPTv1; rua=mailto:tls%2Breports@partner.test,https://reports.partner.test/v1"]);

        Assert.Null(problem);
        Assert.Equal(["tls+reports@partner.test"], record!.Mailboxes);
        Assert.Equal([new Uri("https://reports.partner.test/v1")], record.Urls);
    }

    [Fact]
    public void Parse_NoTlsRptRecord_NoneAndNoProblem()
    {
        Assert.Equal((null, null), TlsRptRecord.Parse(["v=STSv1; id=1", "v=TLSRPTv10; rua=mailto:a@b.test"]));
    }

    [Theory]
    [InlineData("v=TLSRPTv1;")]
    [InlineData("v=TLSRPTv1; rua=http://plain.partner.test/,ftp://x.test/")]
    [InlineData("v=TLSRPTv1; rua=mailto:not-an-address")]
    public void Parse_NoUsableRua_Problem(string text)
    {
        var (record, problem) = TlsRptRecord.Parse([text]);

        Assert.Null(record);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Parse_TwoRecords_ProblemAndNoDestinations()
    {
        var (record, problem) = TlsRptRecord.Parse(["v=TLSRPTv1; rua=mailto:a@partner.test", "v=TLSRPTv1; rua=mailto:b@partner.test"]);

        Assert.Null(record);
        Assert.Contains("exactly one", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mailto:a(b@partner.test")]
    [InlineData("mailto:a@b@partner.test")]
    [InlineData("mailto:a%0d%0aBcc:x@partner.test")]
    public void Parse_MailboxMimeKitWouldRefuse_LeftOut(string bad)
    {
        var (record, _) = TlsRptRecord.Parse([$"v=TLSRPTv1; rua={bad},mailto:good@partner.test"]);

        Assert.Equal(["good@partner.test"], record!.Mailboxes);
    }

    [Fact]
    public void Parse_ManyDestinations_CappedSoARecordCannotMakeAMailingList()
    {
        var rua = string.Join(",", Enumerable.Range(0, 30).Select(i => $"mailto:r{i}@partner.test"));

        var (record, _) = TlsRptRecord.Parse([$"v=TLSRPTv1; rua={rua},https://reports.partner.test/"]);

        Assert.Equal(TlsRptRecord.MaxDestinations, record!.Mailboxes.Count + record.Urls.Count);
    }

    [Fact]
    public void Parse_MailtoWithQueryAndDuplicates_PlainAddressOnce()
    {
        var (record, _) = TlsRptRecord.Parse(["v=TLSRPTv1;rua=mailto:r@partner.test?subject=x, mailto:R@partner.test"]);

        Assert.Equal(["r@partner.test"], record!.Mailboxes);
    }
}
