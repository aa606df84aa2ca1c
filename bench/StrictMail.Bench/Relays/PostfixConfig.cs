using System.Net;
using StrictMail.TestSupport.Postfix;

namespace StrictMail.Bench.Relays;

/// <summary>
/// main.cf and master.cf of the Postfix relay under test: smtpd on one loopback address for loopback clients, everything
/// relayed to the sink with smtp_tls_security_level secure (verified against the bench CA, name sink.test) or may.
/// Postfix's own defaults otherwise: cleanup fsyncs the queue file before smtpd answers 250, no TLS connection reuse.
/// </summary>
internal static class PostfixConfig
{
    private const string Writer = "strictmail-bench";

    /// <summary>The tests' private-instance services, plus the smtp client and the TLS proxy a relay sends with.</summary>
    public static string MasterCf(IPEndPoint smtpd) =>
        PostfixMasterServices.MasterCf(Writer, smtpd, PostfixMasterServices.SmtpClient, PostfixMasterServices.TlsProxy);

    public static string MainCf(PostfixPaths paths, IPEndPoint sink, bool secure, string caFile)
    {
        var settings = PostfixMainCf.Instance(paths, "relay.postfix.test");
        settings["syslog_name"] = "strictmail-bench-postfix";
        settings["mydestination"] = "";
        settings["mynetworks"] = "127.0.0.0/8";
        settings["smtpd_relay_restrictions"] = "permit_mynetworks, reject_unauth_destination";
        settings["smtpd_peername_lookup"] = "no";
        settings["relayhost"] = $"[{sink.Address}]:{sink.Port}";
        settings["smtp_tls_security_level"] = secure ? "secure" : "may";
        settings["smtp_tls_secure_cert_match"] = "sink.test";
        settings["smtp_tls_CAfile"] = caFile;
        settings["smtp_tls_loglevel"] = "1";
        // Debian's shipped main.cf turns the client session cache on; do the same, it can only help Postfix.
        settings["smtp_tls_session_cache_database"] = $"btree:{Path.Combine(paths.Data, "smtp_scache")}";
        return PostfixMainCf.Render(Writer, settings);
    }
}
