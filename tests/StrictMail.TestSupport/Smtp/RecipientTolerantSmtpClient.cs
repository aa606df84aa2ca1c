using MailKit.Net.Smtp;
using MimeKit;

namespace StrictMail.TestSupport.Smtp;

/// <summary>
/// An SmtpClient that goes on when some recipients are refused (MailKit's default throws on the first one), as a relay
/// must to bounce per recipient; it keeps the refusals.
/// </summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    private readonly List<(string Mailbox, SmtpStatusCode Status, string Text)> _refused = [];

    public IReadOnlyList<(string Mailbox, SmtpStatusCode Status, string Text)> Refused => _refused;

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused.Add((mailbox.Address, response.StatusCode, response.Response));
}
