namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>What a valid MAIL FROM said: the sender (empty for the null sender) and the SIZE it declared, if any.</summary>
internal sealed record MailFromArguments(string Sender, long? DeclaredSize);
