using System.Net;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Inbound.Smtp;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Smtp;

public sealed class EnvelopeRulesTests
{
    private static readonly ClientNetworks Loopback = ClientNetworks.Parse(["127.0.0.0/8"]);

    [Fact]
    public void Mail_BeforeHeloOrTwice_Gets503()
    {
        var state = new SessionState("S", IPAddress.Loopback);

        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", EnvelopeRules.Mail(state, "FROM:<a@b.test>", 1000).ToString());
        state.HeloName = "c.test";
        Assert.Equal("250 2.1.0 Ok", EnvelopeRules.Mail(state, "FROM:<a@b.test>", 1000).ToString());
        Assert.Equal("503 5.5.1 Error: nested MAIL command", EnvelopeRules.Mail(state, "FROM:<a@b.test>", 1000).ToString());
    }

    [Fact]
    public void Rcpt_SameRecipientTwiceInAnyCase_AcceptedOnceAndNotCountedTwice()
    {
        var state = new SessionState("S", IPAddress.Loopback) { HeloName = "c.test", Transaction = new MailTransaction("a@b.test") };

        Assert.Equal(SmtpReplies.RecipientOk, EnvelopeRules.Rcpt(state, "TO:<x@partner.test>", Loopback, 1, out _));
        Assert.Equal(SmtpReplies.RecipientOk, EnvelopeRules.Rcpt(state, "TO:<X@Partner.test>", Loopback, 1, out _));
        Assert.Equal(SmtpReplies.TooManyRecipients, EnvelopeRules.Rcpt(state, "TO:<y@partner.test>", Loopback, 1, out _));
        Assert.Equal(["x@partner.test"], state.Transaction.Recipients);
    }

    [Fact]
    public void Rcpt_WithoutMail_Gets503() =>
        Assert.Equal(SmtpReplies.NeedMail, EnvelopeRules.Rcpt(new SessionState("S", IPAddress.Loopback), "TO:<x@partner.test>", Loopback, 10, out _));

    [Fact]
    public void Rcpt_OutsiderAuthenticated_Accepted()
    {
        var state = new SessionState("S", IPAddress.Parse("192.0.2.1")) { HeloName = "c.test", Transaction = new MailTransaction(string.Empty) };

        Assert.Equal(SmtpReplies.RelayDenied, EnvelopeRules.Rcpt(state, "TO:<x@partner.test>", Loopback, 10, out var recipient));
        Assert.Equal("x@partner.test", recipient);
        state.User = "app";
        Assert.Equal(SmtpReplies.RecipientOk, EnvelopeRules.Rcpt(state, "TO:<x@partner.test>", Loopback, 10, out _));
    }

    [Theory]
    [InlineData("TO:<user@[192.0.2.1]>")]
    [InlineData("TO:<user@[IPv6:2001:db8::1]>")]
    public void Rcpt_AddressLiteral_RefusedWith550AndNotAdded(string argument)
    {
        var state = new SessionState("S", IPAddress.Loopback) { HeloName = "c.test", Transaction = new MailTransaction("a@b.test") };

        var reply = EnvelopeRules.Rcpt(state, argument, Loopback, 10, out _);

        Assert.Equal("550 5.1.2 Address literals are not relayed: no TLS policy can cover them; use the recipient's domain name", reply.ToString());
        Assert.Empty(state.Transaction.Recipients);
    }
}
