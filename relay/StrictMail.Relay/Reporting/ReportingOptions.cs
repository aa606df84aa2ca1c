namespace StrictMail.Relay.Reporting;

/// <summary>Where TLS results are kept; not bound from configuration: the composition root copies Relay:StateDirectory in.</summary>
internal sealed class ReportingOptions
{
    /// <summary>The relay's state directory; the daily results are kept in its tlsrpt/ folder.</summary>
    public string StateDirectory { get; set; } = string.Empty;
}
