namespace StrictMail.Operator.Reporting;

/// <summary>How the leading operator gathers the relays' TLS results into one RFC 8460 report per domain and day.</summary>
internal sealed class TlsReportingOptions
{
    /// <summary>The file with the bearer token of the relays' /tlsrpt/ endpoints (the chart's generated Secret); empty: no collection.</summary>
    public string TokenFile { get; init; } = string.Empty;

    /// <summary>The reporting domain, part of every report id (the chart passes the DKIM domain).</summary>
    public string Submitter { get; init; } = "strictmail";

    /// <summary>How often the leader looks whether a finished day is still to be reported.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after a day ends the leader waits for every ready relay to answer before it reports what the others had.</summary>
    public TimeSpan WaitForAll { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How many days before yesterday an operator that was down catches up: the relays keep today and the 6 days before it.</summary>
    public int CatchUpDays { get; init; } = 5;

    /// <summary>How long one relay may take to answer.</summary>
    public TimeSpan RelayTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(TokenFile);
}
