using System.Net;

namespace StrictMail.TestSupport.Postfix;

/// <summary>Renders main.cf and master.cf for a private receiving-MX instance (see <see cref="PostfixMasterServices"/> for why master.cf is written whole).</summary>
internal static class PostfixConfigFiles
{
    private const string Writer = "StrictMail's PostfixMx test fixture";

    /// <summary>smtpd on the options' address and <paramref name="port"/>, the internal services, and <paramref name="more"/> service lines.</summary>
    public static string MasterCf(PostfixMxOptions options, int port, params string[] more) =>
        PostfixMasterServices.MasterCf(Writer, new IPEndPoint(options.Address, port), options.KeepsMail ? [.. more, PostfixMasterServices.Virtual] : more);

    public static string MainCf(PostfixMxOptions options, PostfixPaths paths)
    {
        var settings = PostfixMainCf.Instance(paths, options.HostName);
        settings["myorigin"] = "$myhostname";
        settings["mydestination"] = string.Join(", ", options.Domains);
        // No client is trusted to relay: a recipient outside Domains gets "554 Relay access denied".
        settings["mynetworks"] = "";
        settings["smtpd_relay_restrictions"] = "reject_unauth_destination";
        settings["local_transport"] = "discard:accepted";
        if (options.KeepsMail)
        {
            // virtual(8) as the local transport: one Maildir for every recipient, owned by nobody (it refuses root).
            settings["local_transport"] = "virtual";
            settings["virtual_mailbox_base"] = paths.Mail;
            settings["virtual_mailbox_maps"] = "static:inbox/";
            settings["virtual_uid_maps"] = "static:65534";
            settings["virtual_gid_maps"] = "static:65534";
        }

        settings["local_recipient_maps"] = "";
        // Bounces and postmaster notices must never leave the machine.
        settings["default_transport"] = "discard:outbound-disabled-in-test-mx";
        settings["smtpd_tls_security_level"] = options.OffersStartTls ? "may" : "none";
        settings["smtpd_tls_loglevel"] = "1";
        if (options.OffersStartTls)
        {
            settings["smtpd_tls_cert_file"] = paths.CertificateFile;
            settings["smtpd_tls_key_file"] = paths.KeyFile;
        }

        foreach (var (name, value) in options.MainSettings)
        {
            settings[name] = value;
        }

        return PostfixMainCf.Render(Writer, settings);
    }
}
