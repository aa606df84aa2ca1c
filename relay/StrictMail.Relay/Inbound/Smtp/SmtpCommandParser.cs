namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>Splits a command line into verb and argument. Pure: no state, no I/O.</summary>
internal static class SmtpCommandParser
{
    private static readonly Dictionary<string, SmtpVerb> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EHLO"] = SmtpVerb.Ehlo,
        ["HELO"] = SmtpVerb.Helo,
        ["STARTTLS"] = SmtpVerb.StartTls,
        ["AUTH"] = SmtpVerb.Auth,
        ["MAIL"] = SmtpVerb.Mail,
        ["RCPT"] = SmtpVerb.Rcpt,
        ["DATA"] = SmtpVerb.Data,
        ["RSET"] = SmtpVerb.Rset,
        ["NOOP"] = SmtpVerb.Noop,
        ["VRFY"] = SmtpVerb.Vrfy,
        ["HELP"] = SmtpVerb.Help,
        ["QUIT"] = SmtpVerb.Quit,
    };

    /// <summary>Parses <paramref name="line"/> (without CRLF). Control characters or non-ASCII make the command unknown.</summary>
    public static SmtpCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Any(c => c is < ' ' or > '~' && c != '\t'))
        {
            return new SmtpCommand(SmtpVerb.Unknown, string.Empty);
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? line : line[..space];
        var argument = space < 0 ? string.Empty : line[(space + 1)..].Trim();
        return Verbs.TryGetValue(verb, out var known)
            ? new SmtpCommand(known, argument)
            : new SmtpCommand(SmtpVerb.Unknown, string.Empty);
    }
}
