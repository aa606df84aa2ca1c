using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// Sends one message on an approved session as one transaction for all its recipients and reads
/// the per-recipient answers: a refused recipient does not fail the others.
/// </summary>
internal static partial class MessageSender
{
    /// <summary>The per-recipient results, or null when the session broke before the server answered (try another MX).</summary>
    public static async Task<IReadOnlyList<RecipientResult>?> SendAsync(SmtpConnection connection, DeliveryRequest request, MimeMessage message, CancellationToken cancellation)
    {
        var client = connection.Client;
        client.StartTransaction();

        // MAIL FROM carries REQUIRETLS (the caller made sure the server offers it).
        client.RequireTLS = request.RequireTls;
        var sender = new MailboxAddress(string.Empty, request.Sender);
        var recipients = request.Recipients.Select(r => new MailboxAddress(string.Empty, r)).ToArray();
        try
        {
            var reply = await client.SendAsync(FormatOptions.Default, message, sender, recipients, cancellation).ConfigureAwait(false);
            connection.Messages++;
            return request.Recipients.Select(r => client.Rejected.TryGetValue(r, out var refused)
                ? Refused(r, (int)refused.StatusCode, refused.Response)
                : new RecipientResult(r, DeliveryStatus.Delivered, $"{connection.Tls.MxHost} said: 250 {reply.Trim()}")).ToArray();
        }
        catch (NoRecipientAcceptedException)
        {
            connection.Messages++;
            return request.Recipients.Select(r => client.Rejected.TryGetValue(r, out var refused)
                ? Refused(r, (int)refused.StatusCode, refused.Response)
                : new RecipientResult(r, DeliveryStatus.Deferred, "the server gave no answer for this recipient", FailureKind.Temporary, DsnStatus.BadConnection)).ToArray();
        }
        catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // The whole transaction was refused (MAIL FROM or DATA): every recipient shares the answer.
            connection.Messages++;
            return request.Recipients.Select(r => client.Rejected.TryGetValue(r, out var refused)
                ? Refused(r, (int)refused.StatusCode, refused.Response)
                : Refused(r, (int)e.StatusCode, e.Message)).ToArray();
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or ServiceNotConnectedException or SmtpCommandException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private static RecipientResult Refused(string recipient, int code, string text)
    {
        var enhanced = EnhancedCode().Match(text) is { Success: true } match ? match.Value : code >= 500 ? DsnStatus.PermanentOther : DsnStatus.TemporaryOther;
        return new(recipient, code >= 500 ? DeliveryStatus.Bounced : DeliveryStatus.Deferred, $"the server answered {code} {text.Trim()}", FailureKind.Rejected, enhanced);
    }

    [GeneratedRegex("^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}")]
    private static partial Regex EnhancedCode();
}
