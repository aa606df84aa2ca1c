using System.Text;

namespace StrictMail.Relay.Tests.TestSupport.Postfix;

/// <summary>
/// Renders main.cf and master.cf for a private receiving-MX instance. master.cf is written whole rather than copied
/// from /etc/postfix, so the machine's own services (port 25, submission) never bind and nothing runs chrooted.
/// </summary>
internal static class PostfixConfigFiles
{
    // Internal services a receiving MX needs; chroot column "n" everywhere (a chroot lacks our certificates).
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
        """;

    public static string MasterCf(PostfixMxOptions options, int port) =>
        $"# Written by StrictMail's PostfixMx test fixture.\n{options.Address}:{port} inet n - n - - smtpd\n{Services}\n";

    public static string MainCf(PostfixMxOptions options, PostfixPaths paths)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["compatibility_level"] = "3.6",
            ["queue_directory"] = paths.Queue,
            ["data_directory"] = paths.Data,
            ["maillog_file"] = paths.Log,
            ["maillog_file_prefixes"] = paths.Root,
            ["syslog_name"] = paths.SyslogName,
            ["myhostname"] = options.HostName,
            ["myorigin"] = "$myhostname",
            ["mydestination"] = string.Join(", ", options.Domains),
            // A 127.x.y.z that is not on lo cannot be named here ("no local interface found"); master.cf binds it.
            ["inet_interfaces"] = "all",
            ["inet_protocols"] = "ipv4",
            // No client is trusted to relay: a recipient outside Domains gets "554 Relay access denied".
            ["mynetworks"] = "",
            ["smtpd_relay_restrictions"] = "reject_unauth_destination",
            ["local_transport"] = "discard:accepted",
            ["local_recipient_maps"] = "",
            // Bounces and postmaster notices must never leave the machine.
            ["default_transport"] = "discard:outbound-disabled-in-test-mx",
            ["alias_maps"] = "",
            ["alias_database"] = "",
            ["biff"] = "no",
            ["smtpd_tls_security_level"] = options.OffersStartTls ? "may" : "none",
            ["smtpd_tls_loglevel"] = "1",
        };
        if (options.OffersStartTls)
        {
            settings["smtpd_tls_cert_file"] = paths.CertificateFile;
            settings["smtpd_tls_key_file"] = paths.KeyFile;
        }

        foreach (var (name, value) in options.MainSettings)
        {
            settings[name] = value;
        }

        var text = new StringBuilder("# Written by StrictMail's PostfixMx test fixture.\n");
        foreach (var (name, value) in settings)
        {
            text.Append(name).Append(" = ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}
