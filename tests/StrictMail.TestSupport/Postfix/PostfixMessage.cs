namespace StrictMail.TestSupport.Postfix;

/// <summary>One message the MX accepted and finished with, as its log tells it.</summary>
/// <param name="QueueId">Postfix's queue id.</param>
/// <param name="MessageId">The Message-ID header without angle brackets, or null when none was logged.</param>
/// <param name="From">The envelope sender (empty for the null sender).</param>
/// <param name="To">The envelope recipients, in log order.</param>
/// <param name="Client">The client as smtpd logged it, e.g. "localhost[127.0.0.1]".</param>
/// <param name="TlsProtocol">The TLS protocol of the session that brought it (e.g. "TLSv1.3"), or null for plaintext.</param>
/// <param name="TlsCipher">The TLS cipher of that session, or null for plaintext.</param>
internal sealed record PostfixMessage(
    string QueueId,
    string? MessageId,
    string From,
    IReadOnlyList<string> To,
    string Client,
    string? TlsProtocol,
    string? TlsCipher)
{
    /// <summary>True when the message arrived over a TLS session (STARTTLS).</summary>
    public bool UsedTls => TlsProtocol is not null;
}
