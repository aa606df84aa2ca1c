namespace StrictMail.Relay.ReportSending;

/// <summary>Settings of TLS report sending (RFC 8460), bound from "Relay:Reporting". Reporting is on once <see cref="DkimKeyFile"/> is set.</summary>
internal sealed class ReportSendingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Relay:Reporting";

    /// <summary>The PEM private key (RSA, PKCS#8 or PKCS#1) that signs report mail with DKIM; empty turns report sending off.</summary>
    public string DkimKeyFile { get; set; } = string.Empty;

    /// <summary>The signing domain (d=), also the report submitter; required when reporting is on.</summary>
    public string DkimDomain { get; set; } = string.Empty;

    /// <summary>The DKIM selector (s=); the public key is published at &lt;selector&gt;._domainkey.&lt;domain&gt;.</summary>
    public string DkimSelector { get; set; } = "tlsrpt";

    /// <summary>organization-name in every report; required when reporting is on.</summary>
    public string OrganizationName { get; set; } = string.Empty;

    /// <summary>contact-info in every report (an address or URL); required when reporting is on.</summary>
    public string ContactInfo { get; set; } = string.Empty;

    /// <summary>The From and envelope sender of report mail; empty means tlsrpt@<see cref="DkimDomain"/>.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>Reports handed to the relay are sent at a random time within this window, so receivers are not all hit at once.</summary>
    public TimeSpan SendWindow { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long a report that cannot be handed over (DNS or HTTPS failing) is retried before it is given up.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A file holding the bearer token that guards GET /tlsrpt/results and POST /tlsrpt/reports; empty closes both.</summary>
    public string AdminTokenFile { get; set; } = string.Empty;

    /// <summary>The relay's state directory (copied from Relay:StateDirectory): the outbox is kept in tlsrpt/outbox/.</summary>
    public string StateDirectory { get; set; } = string.Empty;

    public bool Enabled => !string.IsNullOrWhiteSpace(DkimKeyFile);

    /// <summary>The From address in force.</summary>
    public string Sender => string.IsNullOrWhiteSpace(From) ? "tlsrpt@" + DkimDomain : From;
}
