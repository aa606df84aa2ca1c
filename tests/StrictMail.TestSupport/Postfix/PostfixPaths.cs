namespace StrictMail.TestSupport.Postfix;

/// <summary>Where one private instance keeps everything, under one temporary root directory.</summary>
internal sealed class PostfixPaths(string root)
{
    public string Root { get; } = root;

    /// <summary>The config directory (main.cf, master.cf), passed as postfix -c.</summary>
    public string Config => Path.Combine(Root, "etc");

    public string Queue => Path.Combine(Root, "queue");

    public string Data => Path.Combine(Root, "data");

    public string Log => Path.Combine(Root, "postfix.log");

    public string CertificateFile => Path.Combine(Root, "tls", "cert.pem");

    public string KeyFile => Path.Combine(Root, "tls", "key.pem");

    /// <summary>virtual(8)'s mailbox base when the MX keeps mail; every recipient's mail lands in its inbox/ Maildir.</summary>
    public string Mail => Path.Combine(Root, "mail");

    public string MasterPidFile => Path.Combine(Queue, "pid", "master.pid");

    /// <summary>Unique per instance, so lines from parallel instances never look alike.</summary>
    public string SyslogName => "strictmail-mx-" + Path.GetFileName(Root).Split('-')[^1];
}
