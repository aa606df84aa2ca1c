using System.Net;

namespace StrictMail.Relay.Inbound;

/// <summary>Settings of the inbound SMTP server that applications hand mail to, bound from "Relay:Inbound".</summary>
internal sealed class InboundOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Inbound";

    /// <summary>The client networks that may relay without authenticating when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultClientNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>Where the SMTP server listens, as ip:port ("[::]:2525" for IPv6 and IPv4); port 0 picks a free port.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0:2525";

    /// <summary>The server's name in the greeting, the EHLO reply and the Received header.</summary>
    public string HostName { get; set; } = Dns.GetHostName();

    /// <summary>PEM certificate (leaf first, then intermediates) for STARTTLS; empty offers no STARTTLS and so no AUTH. Reloaded when the file changes.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>PEM private key of <see cref="CertificateFile"/>; set both or neither.</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Optional file of "user:pbkdf2-sha256$iterations$salt$hash" lines (see the hash-password command) for AUTH over TLS; reloaded when it changes.</summary>
    public string UsersFile { get; set; } = string.Empty;

    /// <summary>CIDR networks whose clients may relay without AUTH; replaces the default list when configured; one empty entry means none.</summary>
    public List<string> ClientNetworks { get; set; } = [.. DefaultClientNetworks];

    /// <summary>The largest message accepted, in bytes, advertised as SIZE.</summary>
    public long MaxMessageSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>At most this many recipients per message; more get 452 4.5.3 and the client retries them later.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>
    /// The longest message line accepted, in characters without CRLF. RFC 5322 2.1.1 says 998, but applications send longer
    /// lines (HTML, generated text) and Postfix accepts them; delivery re-encodes a part with a line over 998 as
    /// quoted-printable, so the receiver never sees one. Each session holds a buffer of about this size.
    /// </summary>
    public int MaxLineLength { get; set; } = 65536;

    /// <summary>The longest wait for a client's next command or next DATA bytes; the session as a whole has no time limit.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A command line must arrive whole within this time of its first byte (a client sending a byte at a time is cut off); 421 4.4.2.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The TLS handshake after STARTTLS must finish within this time; the connection is then closed (TLS has begun, so no reply can be read).</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The DATA phase may take this long plus the message's size at <see cref="MinDataRate"/>; past that, 421 4.4.2 and nothing is queued.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Bytes a second a message must arrive at, on average, beyond <see cref="DataTimeout"/>; counted up to MaxMessageSize.</summary>
    public long MinDataRate { get; set; } = 4096;

    /// <summary>At most this many simultaneous SMTP sessions; more get 421 4.7.0 at once.</summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>At most this many simultaneous sessions from one client address, IPv6 clients counted by /64 (as Postfix's smtpd_client_connection_count_limit); more get 421 4.7.0; 0 means no limit.</summary>
    public int MaxConnectionsPerClient { get; set; } = 50;

    /// <summary>A session is closed with 421 4.7.0 after this many NOOP, RSET, VRFY, HELP, EHLO and HELO commands without a message accepted in between.</summary>
    public int MaxJunkCommands { get; set; } = 100;

    /// <summary>At most this many AUTH password checks (PBKDF2) run at once; 0 means half the processors, at least one.</summary>
    public int MaxConcurrentAuth { get; set; }

    /// <summary>An AUTH attempt that waits longer than this for a free check gets 454 4.7.0 (try again later) and costs no hashing.</summary>
    public TimeSpan AuthQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the 535 of a client address's first recent AUTH failure; each further failure doubles it, up to <see cref="AuthFailureMaxDelay"/>.</summary>
    public TimeSpan AuthFailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay before a 535.</summary>
    public TimeSpan AuthFailureMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client's AUTH failures are forgotten after this long without one (a success does not clear them).</summary>
    public TimeSpan AuthFailureMemory { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The concurrency <see cref="MaxConcurrentAuth"/> gives on this machine.</summary>
    public int EffectiveMaxConcurrentAuth => MaxConcurrentAuth > 0 ? MaxConcurrentAuth : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>A session is closed with 421 4.7.0 after this many permanent (5xx) errors without a message accepted in between.</summary>
    public int MaxErrors { get; set; } = 10;
}
