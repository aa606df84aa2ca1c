using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>Writes the RFC 5321 4.4 trace line the relay puts at the top of every message it accepts. Pure.</summary>
internal static class ReceivedHeader
{
    /// <summary>
    /// "Received: from HELO ([IP]) by HOST (StrictMail) with ESMTP[S][A] id SESSION [for &lt;RCPT&gt;]; DATE" folded over three
    /// lines; "for" only with exactly one recipient, so one copy never lists the others (RFC 5321 7.2).
    /// </summary>
    public static byte[] Format(
        string heloName, bool extended, IPAddress client, string host, bool overTls, bool authenticated,
        string sessionId, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(recipients);
        var protocol = Protocol(extended, overTls, authenticated);
        var literal = client.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6:" + client : client.ToString();
        var text = new StringBuilder()
            .Append("Received: from ").Append(Sanitize(heloName)).Append(" ([").Append(literal).Append("])\r\n")
            .Append("\tby ").Append(host).Append(" (StrictMail) with ").Append(protocol).Append(" id ").Append(sessionId);
        if (recipients.Count == 1)
        {
            text.Append("\r\n\tfor <").Append(recipients[0]).Append('>');
        }

        text.Append("; ").Append(now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The RFC 3848 protocol name: SMTP for HELO; ESMTP, plus S for TLS and A for AUTH.</summary>
    public static string Protocol(bool extended, bool overTls, bool authenticated) =>
        !extended ? "SMTP" : "ESMTP" + (overTls ? "S" : string.Empty) + (authenticated ? "A" : string.Empty);

    // The HELO name is whatever the client said; keep it one harmless token so it cannot change the header's structure.
    private static string Sanitize(string heloName) =>
        string.Concat(heloName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '[' or ']' ? c : '?'));
}
