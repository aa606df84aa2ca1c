namespace StrictMail.Relay.Telemetry;

/// <summary>What the DNSSEC resolver gauge reads at scrape time; delivery implements it, so Telemetry does not import it.</summary>
internal interface IDnssecGauges
{
    /// <summary>1 while every trusted resolver validates, 0 when one does not, null when none is configured or checked yet.</summary>
    int? ResolverValidating { get; }
}
