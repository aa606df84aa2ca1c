namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>A parsed command line: the verb and everything after the first space (trimmed; empty when there is none).</summary>
internal sealed record SmtpCommand(SmtpVerb Verb, string Argument);
