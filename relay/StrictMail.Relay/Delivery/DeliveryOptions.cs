namespace StrictMail.Relay.Delivery;

/// <summary>Settings of outbound delivery, bound from "Relay:Delivery".</summary>
internal sealed class DeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Delivery";

    /// <summary>DNS servers for MX, A and AAAA lookups as "ip" or "ip:port"; empty uses the system's resolvers.</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>
    /// DNSSEC-validating resolvers as "ip" or "ip:port" whose AD bit the relay trusts (never the system's resolvers by
    /// default). Checked at start and every <see cref="DnssecCheckInterval"/>; empty: no answer counts as DNSSEC-secure.
    /// </summary>
    public List<string> DnssecResolvers { get; set; } = [];

    /// <summary>A name known to be DNSSEC-signed whose SOA each trusted resolver must authenticate; "." (the root) by default.</summary>
    public string DnssecCheckName { get; set; } = ".";

    /// <summary>How often the trusted resolvers are checked.</summary>
    public TimeSpan DnssecCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How soon they are checked again after a check found one not validating (or not up yet, like a starting sidecar).</summary>
    public TimeSpan DnssecRetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The HTTPS port MTA-STS policies are fetched from (443; tests use their own).</summary>
    public int MtaStsHttpsPort { get; set; } = 443;

    /// <summary>How long one MTA-STS policy fetch (connect, TLS, response) may take.</summary>
    public TimeSpan MtaStsFetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one DNS query may take before it counts as a temporary failure.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether DNS answers are cached for their TTL.</summary>
    public bool DnsCache { get; set; } = true;

    /// <summary>The port of MX hosts (25 on the internet; a next hop can name its own).</summary>
    public int SmtpPort { get; set; } = 25;

    /// <summary>How long a TCP connection to an MX may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the relay waits for any one SMTP reply.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The name the relay gives in EHLO; empty uses the machine's host name.</summary>
    public string HeloName { get; set; } = string.Empty;

    /// <summary>At most this many simultaneous sessions to one destination (recipient domain or next hop).</summary>
    public int MaxConcurrencyPerDestination { get; set; } = 20;

    /// <summary>An idle connection is kept this long for reuse by the next message to the same MX and policy.</summary>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many idle connections are kept in all (the least recently used is closed first); 0 keeps none.</summary>
    public int MaxIdleConnections { get; set; } = 200;

    /// <summary>At most this many messages on one connection before it is closed.</summary>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>Where policies' private CAs are found, as DIRECTORY/secretName/key (a mounted Secret).</summary>
    public string TrustAnchorsDirectory { get; set; } = "/etc/strictmail/trust-anchors";

    /// <summary>How long an MX host is remembered as offering STARTTLS after it was last seen doing so.</summary>
    public TimeSpan ContinuityMemory { get; set; } = TimeSpan.FromDays(90);

    /// <summary>At most this many MX hosts are remembered for STARTTLS continuity; beyond it the oldest sightings are forgotten.</summary>
    public int ContinuityMaxHosts { get; set; } = 100_000;
}
