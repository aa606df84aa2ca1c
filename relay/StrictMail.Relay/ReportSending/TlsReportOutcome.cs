namespace StrictMail.Relay.ReportSending;

/// <summary>The results a report or one of its destinations ends with; the result label of strictmail.relay.tlsrpt.reports.</summary>
internal static class TlsReportOutcome
{
    /// <summary>Handed to the relay's own queue (mailto:), which delivers, retries and bounces it like any mail.</summary>
    public const string Queued = "queued";

    /// <summary>Accepted by the collector (https: answered 2xx); for a whole report, every destination served.</summary>
    public const string Sent = "sent";

    /// <summary>A try that failed and will be retried.</summary>
    public const string Failed = "failed";

    /// <summary>Given up after Relay:Reporting:GiveUpAfter.</summary>
    public const string Expired = "expired";

    /// <summary>The domain publishes no v=TLSRPTv1 record: it does not want reports.</summary>
    public const string NoRecord = "no-record";

    /// <summary>The domain's record cannot be used (two records, no rua, no usable URI).</summary>
    public const string InvalidRecord = "invalid-record";
}
