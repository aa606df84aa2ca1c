namespace StrictMail.Relay.Telemetry;

/// <summary>What the policy gauge reads at scrape time; the policy store implements it, so Telemetry does not import Policy.</summary>
internal interface IPolicyGauges
{
    /// <summary>The applied document's revision; null before the first valid document.</summary>
    string? AppliedRevision { get; }
}
