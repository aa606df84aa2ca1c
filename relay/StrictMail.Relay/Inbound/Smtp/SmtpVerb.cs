namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>The commands the server knows; anything else is <see cref="Unknown"/>.</summary>
internal enum SmtpVerb
{
    Unknown,
    Ehlo,
    Helo,
    StartTls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Vrfy,
    Help,
    Quit,
}
