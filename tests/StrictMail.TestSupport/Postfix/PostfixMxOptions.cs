using System.Net;

namespace StrictMail.TestSupport.Postfix;

/// <summary>How a <see cref="PostfixMx"/> listens and what it accepts.</summary>
internal sealed class PostfixMxOptions
{
    /// <summary>The IPv4 loopback address to listen on (any 127.x.y.z; it need not be configured on lo).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The TCP port, or 0 to pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>The MX's own name (myhostname): its banner and EHLO reply, and the name its certificate should carry.</summary>
    public required string HostName { get; init; }

    /// <summary>The domains it accepts mail for (mydestination); every recipient there is accepted and discarded.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>PEM certificate (chain) file for STARTTLS; null to offer no STARTTLS at all.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PEM private key file matching <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>More main.cf settings; they replace the fixture's own when the names match (e.g. smtpd_tls_protocols).</summary>
    public IReadOnlyDictionary<string, string> MainSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Keep every accepted message in a Maildir (<see cref="PostfixMx.ReadMail"/>) instead of discarding it: for tests that read what arrived.</summary>
    public bool KeepsMail { get; init; }

    /// <summary>True when the MX offers STARTTLS.</summary>
    public bool OffersStartTls => CertificateFile is not null;

    /// <summary>Throws when the options cannot make a working MX.</summary>
    public void Validate()
    {
        if (Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !IPAddress.IsLoopback(Address))
        {
            throw new ArgumentException($"PostfixMx listens on IPv4 loopback only; got {Address}.");
        }

        if (Domains.Count == 0 || string.IsNullOrWhiteSpace(HostName))
        {
            throw new ArgumentException("PostfixMx needs a HostName and at least one domain in Domains.");
        }

        if ((CertificateFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("PostfixMx needs both CertificateFile and KeyFile for STARTTLS, or neither.");
        }
    }
}
