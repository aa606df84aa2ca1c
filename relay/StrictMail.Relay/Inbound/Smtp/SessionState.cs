using System.Net;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>What one SMTP session knows about its client; STARTTLS forgets all of it but the connection facts (RFC 3207 4.2).</summary>
internal sealed class SessionState(string sessionId, IPAddress client)
{
    /// <summary>A short random id for logs and the Received header.</summary>
    public string SessionId { get; } = sessionId;

    /// <summary>The client's address (IPv4 for an IPv4-mapped IPv6 address).</summary>
    public IPAddress Client { get; } = client;

    /// <summary>What the client said in EHLO or HELO; null before either.</summary>
    public string? HeloName { get; set; }

    /// <summary>True after EHLO (ESMTP), false after HELO.</summary>
    public bool Extended { get; set; }

    /// <summary>True once STARTTLS succeeded.</summary>
    public bool OverTls { get; set; }

    /// <summary>The SMTP AUTH user, or null.</summary>
    public string? User { get; set; }

    /// <summary>The open mail transaction, or null.</summary>
    public MailTransaction? Transaction { get; set; }

    /// <summary>Permanent errors since the session began or since its last accepted message.</summary>
    public int Errors { get; set; }

    /// <summary>NOOP, RSET, VRFY, HELP, EHLO and HELO commands since the session began or since its last accepted message.</summary>
    public int JunkCommands { get; set; }

    /// <summary>Messages accepted in this session.</summary>
    public int Messages { get; set; }

    /// <summary>After TLS starts the client must say EHLO again and nothing from before is trusted.</summary>
    public void ForgetAllForTls()
    {
        HeloName = null;
        Extended = false;
        User = null;
        Transaction = null;
        OverTls = true;
    }
}
