using System.Net;
using System.Text;
using StrictMail.Relay.Inbound.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Smtp;

public sealed class ReceivedHeaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    [Fact]
    public void Format_OneRecipientOverTlsAuthenticated_Rfc5321TraceLine()
    {
        var header = ReceivedHeader.Format("app.test", true, IPAddress.Parse("10.1.2.3"), "relay.test", true, true, "ABC123", ["a@partner.test"], Now);

        Assert.Equal(
            "Received: from app.test ([10.1.2.3])\r\n\tby relay.test (StrictMail) with ESMTPSA id ABC123\r\n\tfor <a@partner.test>; Tue, 04 Mar 2025 03:06:07 +0000\r\n",
            Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void Format_TwoRecipientsIPv6Helo_NoForClauseAndIPv6Literal()
    {
        var header = Encoding.ASCII.GetString(
            ReceivedHeader.Format("we(ird);name", false, IPAddress.Parse("2001:db8::1"), "relay.test", false, false, "X", ["a@p.test", "b@p.test"], Now));

        Assert.StartsWith("Received: from we?ird??name ([IPv6:2001:db8::1])\r\n\tby relay.test (StrictMail) with SMTP id X; ", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, false, "SMTP")]
    [InlineData(true, false, false, "ESMTP")]
    [InlineData(true, true, false, "ESMTPS")]
    [InlineData(true, true, true, "ESMTPSA")]
    public void Protocol_SessionFacts_Rfc3848Name(bool extended, bool tls, bool authenticated, string expected) =>
        Assert.Equal(expected, ReceivedHeader.Protocol(extended, tls, authenticated));
}
