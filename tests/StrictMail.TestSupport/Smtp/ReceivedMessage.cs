namespace StrictMail.TestSupport.Smtp;

/// <summary>A message a <see cref="FakeMxServer"/> accepted with 250 after DATA.</summary>
/// <param name="ConnectionId">1-based number of the connection it came on (equal ids mean a reused connection).</param>
/// <param name="HeloName">The client's EHLO/HELO argument.</param>
/// <param name="MailFrom">The reverse path ("" for the null sender).</param>
/// <param name="Recipients">The recipients the server accepted, in order.</param>
/// <param name="Data">The message bytes after dot-unstuffing, without the final ".".</param>
/// <param name="Tls">The TLS session it arrived over, or null for plaintext.</param>
internal sealed record ReceivedMessage(
    int ConnectionId, string HeloName, string MailFrom, IReadOnlyList<string> Recipients, byte[] Data, TlsSessionInfo? Tls)
{
    public bool IsTls => Tls is not null;

    /// <summary>What followed the reverse path in MAIL FROM, e.g. "SIZE=123 REQUIRETLS".</summary>
    public string MailParameters { get; init; } = string.Empty;
}
