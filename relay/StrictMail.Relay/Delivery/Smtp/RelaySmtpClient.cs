using MailKit.Net.Smtp;
using MimeKit;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// MailKit's client, changed in one way: a rejected recipient is recorded instead of failing the
/// whole transaction, so one bad address does not hold back the others.
/// </summary>
internal sealed class RelaySmtpClient : SmtpClient
{
    private readonly Dictionary<string, SmtpResponse> _rejected = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Recipients the server refused in the current transaction, with its reply.</summary>
    public IReadOnlyDictionary<string, SmtpResponse> Rejected => _rejected;

    /// <summary>Forgets the previous transaction's rejections.</summary>
    public void StartTransaction() => _rejected.Clear();

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        _rejected[mailbox.Address] = response;
    }

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientAcceptedException();
}
