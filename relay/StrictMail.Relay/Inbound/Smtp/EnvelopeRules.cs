using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>The replies to MAIL and RCPT, with the relay decision made per recipient. No I/O: it updates the session state only.</summary>
internal static class EnvelopeRules
{
    /// <summary>Opens a transaction for a valid MAIL FROM whose declared SIZE fits.</summary>
    public static SmtpReply Mail(SessionState state, string argument, long maxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.HeloName is null)
        {
            return SmtpReplies.NeedHelo;
        }

        if (state.Transaction is not null)
        {
            return SmtpReplies.NestedMail;
        }

        // REQUIRETLS is offered only over TLS (RFC 8689 4.1): a message asking for it never arrived in clear.
        var mail = EnvelopeCommandParser.ParseMailFrom(argument, requireTlsOffered: state.OverTls, out var error);
        if (mail is null)
        {
            return error!;
        }

        if (mail.DeclaredSize > maxMessageSize)
        {
            return SmtpReplies.SizeExceeded;
        }

        state.Transaction = new MailTransaction(mail.Sender) { RequireTls = mail.RequireTls };
        return SmtpReplies.SenderOk;
    }

    /// <summary>
    /// Adds a recipient when the session may relay (authenticated, or a client network) and the limit allows; a repeated
    /// recipient is answered 250 but kept once. <paramref name="recipient"/> is the parsed address when the syntax was valid.
    /// </summary>
    public static SmtpReply Rcpt(SessionState state, string argument, ClientNetworks clientNetworks, int maxRecipients, out string? recipient)
    {
        ArgumentNullException.ThrowIfNull(state);
        recipient = null;
        if (state.Transaction is not { } transaction)
        {
            return SmtpReplies.NeedMail;
        }

        transaction.CountRecipientCommand();
        recipient = EnvelopeCommandParser.ParseRcptTo(argument, out var error);
        if (recipient is null)
        {
            return error!;
        }

        if (!RelayAuthorization.MayRelay(state.User, state.Client, clientNetworks))
        {
            return SmtpReplies.RelayDenied;
        }

        // A TlsPolicy names domains; "user@[192.0.2.1]" would fall to the "*" policy and be delivered to
        // whatever address it names, with no name to verify a certificate against.
        if (recipient[(recipient.LastIndexOf('@') + 1)..].StartsWith('['))
        {
            return SmtpReplies.AddressLiteralRefused;
        }

        if (transaction.Has(recipient))
        {
            return SmtpReplies.RecipientOk;
        }

        // RFC 5321 4.5.3.1.10: 452, so the client delivers to the accepted ones now and retries the rest later.
        if (transaction.Recipients.Count >= maxRecipients)
        {
            return SmtpReplies.TooManyRecipients;
        }

        transaction.Add(recipient);
        return SmtpReplies.RecipientOk;
    }
}
