namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>What a valid MAIL FROM said: the sender (empty for the null sender), the SIZE it declared, if any, and whether it asked for REQUIRETLS (RFC 8689).</summary>
internal sealed record MailFromArguments(string Sender, long? DeclaredSize, bool RequireTls = false);
