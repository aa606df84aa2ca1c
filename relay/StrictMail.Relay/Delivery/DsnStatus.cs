namespace StrictMail.Relay.Delivery;

/// <summary>
/// The RFC 3463 enhanced status codes the relay itself assigns (a receiving server's own codes are
/// passed on as it gave them): one table, so a DSN and a log line always say the same thing.
/// </summary>
internal static class DsnStatus
{
    /// <summary>A permanent refusal that carried no enhanced code of its own.</summary>
    public const string PermanentOther = "5.0.0";

    /// <summary>A temporary refusal that carried no enhanced code of its own.</summary>
    public const string TemporaryOther = "4.0.0";

    /// <summary>The domain has no mail server (NXDOMAIN, no address for any MX).</summary>
    public const string BadDestination = "5.1.2";

    /// <summary>The domain publishes a null MX (RFC 7505): it accepts no mail.</summary>
    public const string NullMx = "5.1.10";

    /// <summary>No MX answered, or every session broke.</summary>
    public const string NoAnswerFromHost = "4.4.1";

    /// <summary>The server ended the transaction without an answer for this recipient.</summary>
    public const string BadConnection = "4.4.2";

    /// <summary>DNS lookup failed temporarily (SERVFAIL, timeout).</summary>
    public const string RoutingServerFailure = "4.4.3";

    /// <summary>The message stayed undeliverable past its lifetime (the relay's, or the policy's bounceAfter).</summary>
    public const string Expired = "4.4.7";

    /// <summary>The message cannot be parsed or sent as it is.</summary>
    public const string MessageFormat = "5.6.0";

    /// <summary>A security configuration problem on the relay (e.g. a trust anchor it cannot read), expected to be fixed.</summary>
    public const string SecurityTemporary = "4.7.0";

    /// <summary>The TLS policy refused every session and says to bounce.</summary>
    public const string TlsRequired = "5.7.10";

    /// <summary>A REQUIRETLS message (RFC 8689) met no next hop that offers REQUIRETLS.</summary>
    public const string RequireTlsNotOffered = "5.7.30";

    /// <summary>The TLS policy refused every session and says to retry.</summary>
    public const string TlsRequiredTemporary = "4.7.10";

    /// <summary>The relay failed unexpectedly while delivering to this domain; retried.</summary>
    public const string LocalError = "4.3.0";
}
