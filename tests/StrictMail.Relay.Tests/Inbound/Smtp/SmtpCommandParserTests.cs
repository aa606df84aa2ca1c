using StrictMail.Relay.Inbound.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Smtp;

public sealed class SmtpCommandParserTests
{
    [Theory]
    [InlineData("EHLO client.test", "Ehlo", "client.test")]
    [InlineData("ehlo client.test", "Ehlo", "client.test")]
    [InlineData("MAIL FROM:<a@b.test> SIZE=10", "Mail", "FROM:<a@b.test> SIZE=10")]
    [InlineData("rcpt TO:<a@b.test>  ", "Rcpt", "TO:<a@b.test>")]
    [InlineData("DATA", "Data", "")]
    [InlineData("STARTTLS", "StartTls", "")]
    [InlineData("AUTH PLAIN AGEAYg==", "Auth", "PLAIN AGEAYg==")]
    [InlineData("QUIT", "Quit", "")]
    [InlineData("BDAT 10 LAST", "Unknown", "")]
    [InlineData("", "Unknown", "")]
    [InlineData("MAIL\u0000FROM:<a@b.test>", "Unknown", "")]
    [InlineData("NOOP \u00e9", "Unknown", "")]
    public void Parse_Line_VerbAndArgument(string line, string verb, string argument) =>
        Assert.Equal(new SmtpCommand(Enum.Parse<SmtpVerb>(verb), argument), SmtpCommandParser.Parse(line));
}
