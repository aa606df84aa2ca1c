using System.Net;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// master.cf of a private instance, written whole rather than copied from /etc/postfix, so the machine's own services (port 25,
/// submission) never bind and nothing runs chrooted (a chroot lacks our certificates): chroot column "n" everywhere.
/// </summary>
internal static class PostfixMasterServices
{
    /// <summary>The internal services every instance needs, receiving or sending.</summary>
    public const string Internal = """
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

    /// <summary>The smtp client: only an instance that sends mail on needs it (a receiving MX never sends).</summary>
    public const string SmtpClient = "smtp       unix  -       -       n       -       -       smtp";

    /// <summary>The virtual delivery agent, for an MX that keeps the mail it accepts in a Maildir.</summary>
    public const string Virtual = "virtual    unix  -       n       n       -       -       virtual";

    /// <summary>The TLS proxy, for an smtp client that reuses TLS connections.</summary>
    public const string TlsProxy = "tlsproxy   unix  -       -       n       -       0       tlsproxy";

    /// <summary>master.cf: who wrote it, smtpd on <paramref name="smtpd"/>, <see cref="Internal"/>, then <paramref name="more"/> service lines.</summary>
    public static string MasterCf(string writer, IPEndPoint smtpd, params string[] more) =>
        $"# Written by {writer}.\n{smtpd} inet n - n - - smtpd\n{Internal}\n" + string.Concat(more.Select(line => line + "\n"));
}
