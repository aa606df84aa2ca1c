using System.Text;
using MimeKit;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Queue.Bounces;

namespace StrictMail.Relay.Tests.Queue.Bounces;

public sealed class BounceBuilderTests
{
    private static readonly QueuedMessage Original = new(
        "19ACB2F5A3C0123456789",
        new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        new Envelope("app@internal.test", ["a@bank.test", "b@bank.test"], "127.0.0.1", "app", null, false),
        Encoding.ASCII.GetBytes("From: app@internal.test\r\nSubject: Quarterly report\r\nMessage-ID: <q1@internal.test>\r\n\r\nSecret body text\r\n"));

    private static readonly BouncedRecipient[] Bounced =
    [
        new("a@bank.test", "mail/bank", "policy", "5.7.10", "TLS policy mail/bank refused delivery: mx.bank.test did not offer STARTTLS, which the policy requires: possible STARTTLS stripping by a man in the middle"),
        new("b@bank.test", "mail/bank", "rejected", "5.1.1", "the server answered 550 5.1.1 no such user"),
    ];

    [Fact]
    public void Build_TwoRecipients_IsAMultipartReportWithOneStatusGroupEach()
    {
        var dsn = MimeMessage.Load(new MemoryStream(BounceBuilder.Build(Original, Bounced, "relay.test", DateTimeOffset.UnixEpoch)));

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.Single(report.OfType<MessageDeliveryStatus>());
        Assert.Equal(3, status.StatusGroups.Count(g => g.Count > 0));
        Assert.Equal("rfc822; a@bank.test", status.StatusGroups[1]["Final-Recipient"]);
        Assert.Equal("5.7.10", status.StatusGroups[1]["Status"]);
        Assert.Equal("failed", status.StatusGroups[2]["Action"]);
        Assert.Equal("5.1.1", status.StatusGroups[2]["Status"]);
        Assert.Equal("dns; relay.test", status.StatusGroups[0]["Reporting-MTA"]);
    }

    [Fact]
    public void Build_WithoutQuotedHeaders_ReportHasNoHeadersPartButEveryStatusGroup()
    {
        var dsn = MimeMessage.Load(new MemoryStream(BounceBuilder.Build(Original, Bounced, "relay.test", DateTimeOffset.UnixEpoch, quoteHeaders: false)));

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Empty(report.OfType<TextRfc822Headers>());
        Assert.Equal(3, Assert.Single(report.OfType<MessageDeliveryStatus>()).StatusGroups.Count(g => g.Count > 0));
    }

    [Fact]
    public void Build_Always_AutoSubmittedToTheSenderFromMailerDaemon()
    {
        var dsn = MimeMessage.Load(new MemoryStream(BounceBuilder.Build(Original, Bounced, "relay.test", DateTimeOffset.UnixEpoch)));

        Assert.Equal("auto-replied", dsn.Headers["Auto-Submitted"]);
        Assert.Equal("app@internal.test", Assert.Single(dsn.To.Mailboxes).Address);
        Assert.Equal("MAILER-DAEMON@relay.test", Assert.Single(dsn.From.Mailboxes).Address);
    }

    [Fact]
    public void Build_PolicyFailure_TellsAHumanAboutTheDowngradeAndAttachesOnlyHeaders()
    {
        var bytes = BounceBuilder.Build(Original, Bounced, "relay.test", DateTimeOffset.UnixEpoch);
        var dsn = MimeMessage.Load(new MemoryStream(bytes));
        var report = Assert.IsType<MultipartReport>(dsn.Body);

        var text = Assert.IsType<TextPart>(report[0]).Text ?? string.Empty;
        Assert.Contains("did not offer STARTTLS", text, StringComparison.Ordinal);
        Assert.Contains("downgrade attack", text, StringComparison.Ordinal);
        Assert.Equal("Quarterly report", Assert.IsType<TextRfc822Headers>(report[2]).Message?.Subject);
        Assert.DoesNotContain("Secret body text", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoBlankLineAndANonHeaderLine_NothingFromThatLineOnIsInTheDsn()
    {
        var dsn = Bounce("From: app@internal.test\r\nSubject: Nightly job\r\nthe job printed this\r\nToken: secret-token\r\n");

        Assert.Equal("Nightly job", AttachedHeaders(dsn).Subject);
        Assert.DoesNotContain("the job printed this", dsn, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", dsn, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OnlyHeadersNoBlankLine_KeepsTheHeaders()
    {
        var headers = AttachedHeaders(Bounce("From: app@internal.test\r\nSubject: Only headers\r\nX-Job: nightly\r\n"));

        Assert.Equal("Only headers", headers.Subject);
        Assert.Equal("nightly", headers.Headers["X-Job"]);
    }

    [Fact]
    public void Build_FoldedHeader_KeepsItWhole()
    {
        var headers = AttachedHeaders(Bounce("From: app@internal.test\r\nSubject: Quarterly\r\n\treport, folded\r\n\r\nSecret body text\r\n"));

        Assert.Equal("Quarterly\treport, folded", headers.Subject);
    }

    [Theory]
    [InlineData("From: app@internal.test\r\nSubject: Quarterly report\r\n\r\nSecret body text\r\n")]
    [InlineData("From: app@internal.test\r\nSubject: Quarterly report\r\n\r\nX-Looks-Like: a header\r\nSecret body text\r\n")]
    [InlineData("From: app@internal.test\nSubject: Quarterly report\n\nSecret body text\n")]
    [InlineData("From: app@internal.test\r\nSubject: Quarterly report\r\n \r\nSecret: body text\r\n")]
    [InlineData("From: app@internal.test\r\nSubject: Quarterly report\r\nSecret body text")]
    [InlineData("Secret body text\r\nSubject: Quarterly report\r\n\r\n")]
    public void Build_BodyAfterTheHeaders_NeverInTheDsn(string message)
    {
        Assert.DoesNotContain("Secret", Bounce(message), StringComparison.Ordinal);
    }

    private static string Bounce(string message) =>
        Encoding.ASCII.GetString(BounceBuilder.Build(Original with { Body = Encoding.ASCII.GetBytes(message) }, Bounced, "relay.test", DateTimeOffset.UnixEpoch));

    private static MimeMessage AttachedHeaders(string dsn)
    {
        var report = Assert.IsType<MultipartReport>(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(dsn))).Body);
        return Assert.IsType<TextRfc822Headers>(report[2]).Message ?? throw new InvalidOperationException("the DSN attaches no headers");
    }
}
