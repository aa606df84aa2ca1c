namespace StrictMail.TestSupport.Postfix;

/// <summary>What the MX's log said at one moment: sessions, finished messages, and rejected commands.</summary>
internal sealed record PostfixLogSnapshot(
    IReadOnlyList<PostfixSession> Sessions,
    IReadOnlyList<PostfixMessage> Messages,
    IReadOnlyList<string> Rejections)
{
    public int TlsSessionCount => Sessions.Count(s => s.UsedTls);

    public int PlaintextSessionCount => Sessions.Count(s => !s.UsedTls);

    /// <summary>Distinct TLS protocols negotiated, in order of first use.</summary>
    public IReadOnlyList<string> TlsProtocols => [.. Sessions.Select(s => s.TlsProtocol).OfType<string>().Distinct()];
}
