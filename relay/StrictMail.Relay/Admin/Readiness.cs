using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Admin;

/// <summary>Whether the relay can serve: it needs a valid policy document; a newer broken file does not matter while the last good one is in use.</summary>
internal static class Readiness
{
    /// <summary>Why the relay is not ready, or null when it is.</summary>
    public static string? Problem(PolicyState state, string policyFile)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Snapshot is not null)
        {
            return null;
        }

        return state.LastError is { } error
            ? $"no valid policy document has been loaded from '{policyFile}': {error.Message}"
            : $"no policy document has been loaded from '{policyFile}' yet.";
    }

    /// <summary>The /readyz line about TLS reporting (RFC 8460): on with the signing domain and selector, or off and why.</summary>
    public static string ReportingLine(ReportSending.ReportSendingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var collection = string.IsNullOrWhiteSpace(options.AdminTokenFile) ? "collection closed (no Relay:Reporting:AdminTokenFile)" : "collection open to the operator's token";
        return options.Enabled
            ? $"tls reporting: on: reports signed d={options.DkimDomain} s={options.DkimSelector}, from {options.Sender}; {collection}"
            : $"tls reporting: off: no DKIM key (Relay:Reporting:DkimKeyFile); results are still recorded; {collection}";
    }

    /// <summary>The /readyz line about DNSSEC: "dnssec: validating|NOT VALIDATING|not configured|not checked yet: detail".</summary>
    public static string DnssecLine(DnssecVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var state = verdict.State switch
        {
            DnssecState.Validating => "validating",
            DnssecState.NotValidating => "NOT VALIDATING",
            DnssecState.NotConfigured => "not configured",
            _ => "not checked yet",
        };
        var at = verdict.CheckedAt is { } when ? $" (checked {when.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})" : string.Empty;
        return $"dnssec: {state}{at}: {verdict.Detail}";
    }
}
