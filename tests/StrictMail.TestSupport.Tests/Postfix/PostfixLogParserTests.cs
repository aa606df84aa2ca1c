using StrictMail.TestSupport.Postfix;

namespace StrictMail.TestSupport.Tests.Postfix;

public sealed class PostfixLogParserTests
{
    // Lines as Postfix 3.7 wrote them here; two smtpd processes interleave.
    private static readonly string[] Log =
    [
        "Nov 28 21:13:58 mx mx-a/smtpd[101]: connect from localhost[127.0.0.1]",
        "Nov 28 21:13:58 mx mx-a/smtpd[102]: connect from localhost[127.0.0.1]",
        "Nov 28 21:13:58 mx mx-a/smtpd[101]: Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519",
        "Nov 28 21:13:58 mx mx-a/smtpd[102]: 2B3C4D5E6F: client=localhost[127.0.0.1]",
        "Nov 28 21:13:58 mx mx-a/smtpd[101]: 90E99B1E22A: client=localhost[127.0.0.1]",
        "Nov 28 21:13:58 mx mx-a/cleanup[103]: 90E99B1E22A: message-id=<tls@strictmail.test>",
        "Nov 28 21:13:58 mx mx-a/cleanup[104]: 2B3C4D5E6F: message-id=<plain@strictmail.test>",
        "Nov 28 21:13:58 mx mx-a/qmgr[105]: 90E99B1E22A: from=<b@sender.test>, size=418, nrcpt=2 (queue active)",
        "Nov 28 21:13:58 mx mx-a/smtpd[101]: disconnect from localhost[127.0.0.1] ehlo=2 starttls=1 mail=1 rcpt=2 data=1 quit=1 commands=8",
        "Nov 28 21:13:58 mx mx-a/discard[106]: 90E99B1E22A: to=<a@partner.test>, relay=none, delay=0.01, dsn=2.0.0, status=sent (accepted)",
        "Nov 28 21:13:58 mx mx-a/discard[106]: 90E99B1E22A: to=<c@partner.test>, relay=none, delay=0.01, dsn=2.0.0, status=sent (accepted)",
        "Nov 28 21:13:58 mx mx-a/qmgr[105]: 90E99B1E22A: removed",
        "Nov 28 21:13:58 mx mx-a/qmgr[105]: 2B3C4D5E6F: from=<>, size=300, nrcpt=1 (queue active)",
        "Nov 28 21:13:59 mx mx-a/smtpd[102]: NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1 <x@elsewhere.test>: Relay access denied; from=<> to=<x@elsewhere.test>",
        "Nov 28 21:13:59 mx mx-a/smtpd[101]: connect from localhost[127.0.0.1]",
    ];

    [Fact]
    public void Parse_InterleavedSessions_JoinsMessagesToTheirSessionsTls()
    {
        var log = PostfixLogParser.Parse(Log);

        var message = Assert.Single(log.Messages);
        Assert.Equal(new PostfixMessage("90E99B1E22A", "tls@strictmail.test", "b@sender.test", message.To, "localhost[127.0.0.1]", "TLSv1.3", "TLS_AES_256_GCM_SHA384"), message);
        Assert.Equal(["a@partner.test", "c@partner.test"], message.To);
        Assert.Equal(3, log.Sessions.Count);
        Assert.Equal((1, 2), (log.TlsSessionCount, log.PlaintextSessionCount));
        Assert.Equal(["TLSv1.3"], log.TlsProtocols);
    }

    [Fact]
    public void Parse_MessageNotYetRemoved_LeftOutUntilFinished()
    {
        var log = PostfixLogParser.Parse(Log);

        Assert.DoesNotContain(log.Messages, m => m.QueueId == "2B3C4D5E6F");
        Assert.Equal(["2B3C4D5E6F"], log.Sessions.Single(s => s.ProcessId == 102).QueueIds);
    }

    [Fact]
    public void Parse_RejectedRecipient_ListedAsRejection()
    {
        var rejection = Assert.Single(PostfixLogParser.Parse(Log).Rejections);

        Assert.StartsWith("reject: RCPT from localhost[127.0.0.1]: 554 5.7.1", rejection, StringComparison.Ordinal);
    }
}
