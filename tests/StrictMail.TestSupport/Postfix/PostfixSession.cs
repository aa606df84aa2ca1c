namespace StrictMail.TestSupport.Postfix;

/// <summary>One SMTP connection to the MX, as smtpd logged it.</summary>
/// <param name="ProcessId">The smtpd process that served it.</param>
/// <param name="Client">The client, e.g. "localhost[127.0.0.1]".</param>
/// <param name="TlsProtocol">The negotiated protocol (e.g. "TLSv1.3"), or null when the session stayed plaintext.</param>
/// <param name="TlsCipher">The negotiated cipher, or null.</param>
/// <param name="QueueIds">Queue ids of the messages accepted in this session.</param>
internal sealed record PostfixSession(int ProcessId, string Client, string? TlsProtocol, string? TlsCipher, IReadOnlyList<string> QueueIds)
{
    /// <summary>True when the session switched to TLS.</summary>
    public bool UsedTls => TlsProtocol is not null;
}
