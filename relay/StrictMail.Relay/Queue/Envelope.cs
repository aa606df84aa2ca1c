namespace StrictMail.Relay.Queue;

/// <summary>The SMTP envelope of an accepted message and the facts of the session that handed it over.</summary>
/// <param name="Sender">MAIL FROM; empty for the null sender.</param>
/// <param name="Recipients">RCPT TO addresses, in order, without duplicates.</param>
/// <param name="ClientAddress">The client's IP address.</param>
/// <param name="HeloName">What the client said in EHLO/HELO.</param>
/// <param name="AuthenticatedUser">The SMTP AUTH user, or null.</param>
/// <param name="ReceivedOverTls">Whether the message came in over STARTTLS.</param>
/// <param name="RequireTls">MAIL FROM carried REQUIRETLS (RFC 8689); false in queue files written before it existed.</param>
/// <param name="TlsReport">The relay itself queued this message: a TLS report (RFC 8460), whose own sessions are not reported (no report loops).</param>
internal sealed record Envelope(string Sender, IReadOnlyList<string> Recipients, string ClientAddress, string HeloName, string? AuthenticatedUser, bool ReceivedOverTls, bool RequireTls = false, bool TlsReport = false);
