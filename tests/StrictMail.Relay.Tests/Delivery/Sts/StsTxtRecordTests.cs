using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsTxtRecordTests
{
    [Theory]
    [InlineData("v=STSv1; id=20160831085700Z;", "20160831085700Z")]
    [InlineData("v=STSv1;id=abc", "abc")]
    [InlineData("v=STSv1; ext=1; id=A1b2", "A1b2")]
    public void Parse_OneStsRecord_ItsId(string record, string id)
    {
        var (parsed, problem) = StsTxtRecord.Parse(["google-site-verification=x", record]);

        Assert.Null(problem);
        Assert.Equal(id, parsed!.Id);
    }

    [Fact]
    public void Parse_NoStsRecord_NoPolicyAndNoProblem()
    {
        Assert.Equal(((StsTxtRecord?)null, (string?)null), StsTxtRecord.Parse(["v=spf1 -all", "v=STSv10; id=x"]));
    }

    [Fact]
    public void Parse_TwoStsRecords_NoPolicySaysWhy()
    {
        var (parsed, problem) = StsTxtRecord.Parse(["v=STSv1; id=a", "v=STSv1; id=b"]);

        Assert.Null(parsed);
        Assert.Equal("2 v=STSv1 TXT records (exactly one is allowed)", problem);
    }

    [Theory]
    [InlineData("v=STSv1;", "the v=STSv1 TXT record has no id")]
    [InlineData("v=STSv1; id=has-dash", "the TXT record's id 'has-dash' is not 1 to 32 letters and digits")]
    [InlineData("v=STSv1; id=123456789012345678901234567890123", "the TXT record's id '123456789012345678901234567890123' is not 1 to 32 letters and digits")]
    [InlineData("v=STSv1; junk", "the TXT record has a field without '=': junk")]
    public void Parse_InvalidRecord_NoPolicySaysWhy(string record, string expected)
    {
        var (parsed, problem) = StsTxtRecord.Parse([record]);

        Assert.Null(parsed);
        Assert.Equal(expected, problem);
    }
}
