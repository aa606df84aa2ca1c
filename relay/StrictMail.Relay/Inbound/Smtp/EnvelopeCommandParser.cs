using System.Globalization;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>Parses the arguments of MAIL FROM and RCPT TO (RFC 5321 4.1.1.2, 4.1.1.3, RFC 1870 SIZE, RFC 6152 BODY, RFC 8689 REQUIRETLS). Pure.</summary>
internal static class EnvelopeCommandParser
{
    private const int MaxPath = 256;

    /// <summary>Parses "FROM:&lt;sender&gt; [SIZE=n] [BODY=7BIT|8BITMIME] [REQUIRETLS]"; on failure returns null and the reply to send.</summary>
    /// <param name="argument">What follows "MAIL ".</param>
    /// <param name="requireTlsOffered">Whether REQUIRETLS was advertised (only over TLS): without it the parameter is unknown.</param>
    /// <param name="error">The reply to a refused command.</param>
    public static MailFromArguments? ParseMailFrom(string argument, bool requireTlsOffered, out SmtpReply? error)
    {
        if (!TrySplitPath(argument, "FROM:", out var path, out var parameters) || !TryMailbox(path, allowNull: true, out var sender))
        {
            error = SmtpReplies.BadSender;
            return null;
        }

        long? size = null;
        var requireTls = false;
        foreach (var parameter in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = SplitParameter(parameter);
            if (key.Equals("SIZE", StringComparison.OrdinalIgnoreCase))
            {
                if (value is not { Length: > 0 } || !value.All(char.IsAsciiDigit))
                {
                    error = SmtpReplies.BadSizeParameter;
                    return null;
                }

                // More digits than a long holds is certainly over any limit.
                size = value.Length <= 18 ? long.Parse(value, CultureInfo.InvariantCulture) : long.MaxValue;
            }
            else if (requireTlsOffered && value is null && key.Equals("REQUIRETLS", StringComparison.OrdinalIgnoreCase))
            {
                requireTls = true;
            }
            else if (!key.Equals("BODY", StringComparison.OrdinalIgnoreCase)
                || !(value is not null && (value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase))))
            {
                error = SmtpReplies.UnsupportedParameter;
                return null;
            }
        }

        error = null;
        return new MailFromArguments(sender, size, requireTls);
    }

    /// <summary>Parses "TO:&lt;recipient&gt;" (no parameters are offered); on failure returns null and the reply to send.</summary>
    public static string? ParseRcptTo(string argument, out SmtpReply? error)
    {
        if (!TrySplitPath(argument, "TO:", out var path, out var parameters) || !TryMailbox(path, allowNull: false, out var recipient))
        {
            error = SmtpReplies.BadRecipient;
            return null;
        }

        error = parameters.Length == 0 ? null : SmtpReplies.UnsupportedParameter;
        return error is null ? recipient : null;
    }

    // "FROM:<path> params": the prefix, optional spaces (a common client habit), a bracketed path, then space-separated parameters.
    private static bool TrySplitPath(string argument, string prefix, out string path, out string parameters)
    {
        path = parameters = string.Empty;
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument.AsSpan(prefix.Length).TrimStart(' ');
        if (rest.IsEmpty || rest[0] != '<')
        {
            return false;
        }

        var close = ClosingBracket(rest);
        if (close < 0 || close - 1 > MaxPath || (close + 1 < rest.Length && rest[close + 1] != ' '))
        {
            return false;
        }

        path = rest[1..close].ToString();
        parameters = rest[(close + 1)..].Trim(' ').ToString();
        return true;
    }

    // The '>' that closes the path; a quoted local part may itself contain '>'.
    private static int ClosingBracket(ReadOnlySpan<char> text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '>' when !quoted:
                    return i;
            }
        }

        return -1;
    }

    private static bool TryMailbox(string path, bool allowNull, out string mailbox)
    {
        mailbox = path;
        if (path.Length == 0)
        {
            return allowNull;
        }

        // RFC 5321 4.1.2 / appendix C: a source route ("@a,@b:user@c") must be accepted and ignored.
        if (path[0] == '@')
        {
            var colon = path.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            mailbox = path[(colon + 1)..];
        }

        return MailboxSyntax.IsMailbox(mailbox);
    }

    private static (string Key, string? Value) SplitParameter(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (parameter, null) : (parameter[..equals], parameter[(equals + 1)..]);
    }
}
