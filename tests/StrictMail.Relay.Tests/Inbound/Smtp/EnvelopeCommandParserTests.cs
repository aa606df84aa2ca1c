using StrictMail.Relay.Inbound.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Smtp;

public sealed class EnvelopeCommandParserTests
{
    [Theory]
    [InlineData("FROM:<a@b.test>", "a@b.test", null)]
    [InlineData("from:<a@b.test>", "a@b.test", null)]
    [InlineData("FROM: <a@b.test>", "a@b.test", null)]
    [InlineData("FROM:<>", "", null)]
    [InlineData("FROM:<a@b.test> SIZE=1000 BODY=8BITMIME", "a@b.test", 1000L)]
    [InlineData("FROM:<a@b.test> size=99999999999999999999999", "a@b.test", long.MaxValue)]
    [InlineData("FROM:<@relay.test:a@b.test>", "a@b.test", null)]
    [InlineData("FROM:<\"a > b\"@b.test>", "\"a > b\"@b.test", null)]
    [InlineData("FROM:<a@[192.0.2.1]>", "a@[192.0.2.1]", null)]
    [InlineData("FROM:<first.last+tag@sub-domain.b.test>", "first.last+tag@sub-domain.b.test", null)]
    public void ParseMailFrom_Valid_SenderAndSize(string argument, string sender, long? size)
    {
        var mail = EnvelopeCommandParser.ParseMailFrom(argument, requireTlsOffered: false, out var error);

        Assert.Null(error);
        Assert.Equal(new MailFromArguments(sender, size), mail);
    }

    [Theory]
    [InlineData("FROM:a@b.test", 501)]
    [InlineData("TO:<a@b.test>", 501)]
    [InlineData("FROM:<a@b.test", 501)]
    [InlineData("FROM:<a@b.test>SIZE=1", 501)]
    [InlineData("FROM:<a b@b.test>", 501)]
    [InlineData("FROM:<a@b_c.test>", 501)]
    [InlineData("FROM:<a@-b.test>", 501)]
    [InlineData("FROM:<a..b@b.test>", 501)]
    [InlineData("FROM:<a@>", 501)]
    [InlineData("FROM:<@b.test>", 501)]
    [InlineData("FROM:<a@b.test> SIZE=", 501)]
    [InlineData("FROM:<a@b.test> SIZE=12x", 501)]
    [InlineData("FROM:<a@b.test> BODY=BINARYMIME", 555)]
    [InlineData("FROM:<a@b.test> SMTPUTF8", 555)]
    public void ParseMailFrom_Invalid_ReplyCode(string argument, int code)
    {
        Assert.Null(EnvelopeCommandParser.ParseMailFrom(argument, requireTlsOffered: false, out var error));
        Assert.Equal(code, error!.Code);
    }

    [Theory]
    [InlineData("FROM:<a@b.test> REQUIRETLS", true)]
    [InlineData("FROM:<a@b.test> SIZE=10 requiretls BODY=8BITMIME", true)]
    [InlineData("FROM:<a@b.test>", false)]
    public void ParseMailFrom_RequireTlsOffered_Flagged(string argument, bool expected)
    {
        var mail = EnvelopeCommandParser.ParseMailFrom(argument, requireTlsOffered: true, out var error);

        Assert.Null(error);
        Assert.Equal(expected, mail!.RequireTls);
    }

    [Theory]
    [InlineData("FROM:<a@b.test> REQUIRETLS", false)]
    [InlineData("FROM:<a@b.test> REQUIRETLS=yes", true)]
    public void ParseMailFrom_RequireTlsNotOfferedOrWithAValue_555(string argument, bool offered)
    {
        Assert.Null(EnvelopeCommandParser.ParseMailFrom(argument, requireTlsOffered: offered, out var error));
        Assert.Equal(555, error!.Code);
    }

    [Fact]
    public void ParseMailFrom_LocalPartOver64_Refused() =>
        Assert.Null(EnvelopeCommandParser.ParseMailFrom($"FROM:<{new string('a', 65)}@b.test>", requireTlsOffered: false, out _));

    [Theory]
    [InlineData("TO:<a@partner.test>", "a@partner.test", null)]
    [InlineData("to: <a@partner.test>", "a@partner.test", null)]
    [InlineData("TO:<>", null, 501)]
    [InlineData("TO:<postmaster>", null, 501)]
    [InlineData("TO:<a@partner.test> NOTIFY=NEVER", null, 555)]
    public void ParseRcptTo_Argument_RecipientOrReply(string argument, string? recipient, int? code)
    {
        Assert.Equal(recipient, EnvelopeCommandParser.ParseRcptTo(argument, out var error));
        Assert.Equal(code, error?.Code);
    }
}
