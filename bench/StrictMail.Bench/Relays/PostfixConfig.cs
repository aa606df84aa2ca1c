using System.Net;
using System.Text;

namespace StrictMail.Bench.Relays;

/// <summary>
/// main.cf and master.cf of the Postfix relay under test: smtpd on one loopback address for loopback clients, everything
/// relayed to the sink with smtp_tls_security_level secure (verified against the bench CA, name sink.test) or may.
/// Postfix's own defaults otherwise: cleanup fsyncs the queue file before smtpd answers 250, no TLS connection reuse.
/// </summary>
internal static class PostfixConfig
{
    private const string Services = """
        pickup     unix  n       -       n       60      1       pickup
        cleanup    unix  n       -       n       -       0       cleanup
        qmgr       unix  n       -       n       300     1       qmgr
        tlsmgr     unix  -       -       n       1000?   1       tlsmgr
        rewrite    unix  -       -       n       -       -       trivial-rewrite
        bounce     unix  -       -       n       -       0       bounce
        defer      unix  -       -       n       -       0       bounce
        trace      unix  -       -       n       -       0       bounce
        verify     unix  -       -       n       -       1       verify
        flush      unix  n       -       n       1000?   0       flush
        proxymap   unix  -       -       n       -       -       proxymap
        proxywrite unix  -       -       n       -       1       proxymap
        showq      unix  n       -       n       -       -       showq
        error      unix  -       -       n       -       -       error
        retry      unix  -       -       n       -       -       error
        discard    unix  -       -       n       -       -       discard
        anvil      unix  -       -       n       -       1       anvil
        scache     unix  -       -       n       -       1       scache
        postlog    unix-dgram n  -       n       -       1       postlogd
        smtp       unix  -       -       n       -       -       smtp
        tlsproxy   unix  -       -       n       -       0       tlsproxy
        """;

    public static string MasterCf(IPEndPoint smtpd) => $"{smtpd} inet n - n - - smtpd\n{Services}\n";

    public static string MainCf(string root, IPEndPoint sink, bool secure, string caFile)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["compatibility_level"] = "3.6",
            ["queue_directory"] = Path.Combine(root, "queue"),
            ["data_directory"] = Path.Combine(root, "data"),
            ["maillog_file"] = Path.Combine(root, "postfix.log"),
            ["maillog_file_prefixes"] = root,
            ["syslog_name"] = "strictmail-bench-postfix",
            ["myhostname"] = "relay.postfix.test",
            ["mydestination"] = "",
            ["inet_interfaces"] = "all",
            ["inet_protocols"] = "ipv4",
            ["mynetworks"] = "127.0.0.0/8",
            ["smtpd_relay_restrictions"] = "permit_mynetworks, reject_unauth_destination",
            ["smtpd_peername_lookup"] = "no",
            ["relayhost"] = $"[{sink.Address}]:{sink.Port}",
            ["alias_maps"] = "",
            ["alias_database"] = "",
            ["biff"] = "no",
            ["smtp_tls_security_level"] = secure ? "secure" : "may",
            ["smtp_tls_secure_cert_match"] = "sink.test",
            ["smtp_tls_CAfile"] = caFile,
            ["smtp_tls_loglevel"] = "1",
            // Debian's shipped main.cf turns the client session cache on; do the same, it can only help Postfix.
            ["smtp_tls_session_cache_database"] = $"btree:{Path.Combine(root, "data", "smtp_scache")}",
        };
        var text = new StringBuilder("# Written by strictmail-bench.\n");
        foreach (var (name, value) in settings)
        {
            text.Append(name).Append(" = ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}
