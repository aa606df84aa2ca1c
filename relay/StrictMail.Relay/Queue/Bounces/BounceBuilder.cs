using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Text;

namespace StrictMail.Relay.Queue.Bounces;

/// <summary>
/// Builds an RFC 3464 delivery status notification with MimeKit: multipart/report with a text for
/// a human, one message/delivery-status group per failed recipient, and the original headers
/// (only they: see <see cref="HeaderBlock"/>).
/// Sent from the null sender, so it can never itself be bounced.
/// </summary>
internal static class BounceBuilder
{
    /// <summary>The DSN as bytes; <paramref name="quoteHeaders"/> false leaves out the original's headers (the fallback when they cannot be parsed).</summary>
    public static byte[] Build(QueuedMessage original, IReadOnlyList<BouncedRecipient> recipients, string reportingMta, DateTimeOffset now, bool quoteHeaders = true)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(recipients);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{reportingMta}"));
        // Not parsed: the envelope sender was checked on the way in, and a bounce must never fail on its syntax.
        message.To.Add(new MailboxAddress(string.Empty, original.Envelope.Sender));
        message.Subject = "Undelivered Mail Returned to Sender";
        message.Date = now;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(reportingMta);
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var report = new MultipartReport("delivery-status")
        {
            new TextPart(TextFormat.Plain) { Text = HumanText(original, recipients, reportingMta) },
            Status(original, recipients, reportingMta),
        };
        if (quoteHeaders)
        {
            report.Add(new TextRfc822Headers { Message = MimeMessage.Load(new MemoryStream(HeaderBlock.Of(original.Body.ReadPrefix(HeaderBlock.MaxQuoted)))) });
        }

        message.Body = report;

        using var output = new MemoryStream();
        message.WriteTo(FormatOptions.Default, output);
        return output.ToArray();
    }

    private static string HumanText(QueuedMessage original, IReadOnlyList<BouncedRecipient> recipients, string reportingMta)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail relay at {reportingMta}.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Your message {original.Id} could not be delivered to the following recipients:\n\n");
        foreach (var recipient in recipients)
        {
            text.Append(CultureInfo.InvariantCulture, $"<{recipient.Recipient}>: {recipient.Diagnostic}\n");
            if (recipient.Reason == "policy" || recipient.Diagnostic.Contains("TLS policy", StringComparison.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"    The TLS policy {recipient.Policy} requires a protected connection to this recipient's mail server, and none could be made. A server that stops offering STARTTLS, or presents a certificate for another name, may be under a downgrade attack; the message was not sent without the protection the policy requires.\n");
            }
        }

        text.Append("\nThe delivery status report and the headers of your message are attached.\n");
        return text.ToString();
    }

    private static MessageDeliveryStatus Status(QueuedMessage original, IReadOnlyList<BouncedRecipient> recipients, string reportingMta)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", $"dns; {reportingMta}" },
            { "X-StrictMail-Queue-ID", original.Id },
            { "Arrival-Date", MimeKit.Utils.DateUtils.FormatDate(original.Received) },
        };
        status.StatusGroups.Add(perMessage);
        foreach (var recipient in recipients)
        {
            status.StatusGroups.Add(new HeaderList
            {
                { "Final-Recipient", $"rfc822; {recipient.Recipient}" },
                { "Action", "failed" },
                { "Status", recipient.Status },
                { "Diagnostic-Code", $"x-strictmail; {OneLine(recipient.Diagnostic)}" },
            });
        }

        return status;
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
