using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace StrictMail.Operator.Compilation;

/// <summary>Normalizes spec.nextHop to "[host]:port" (port 25 when omitted).</summary>
internal static partial class NextHopParser
{
    /// <summary>The normalized next hop, or null with a reason when it is not one.</summary>
    public static string? TryNormalize(string text, out string? problem)
    {
        problem = null;
        if (text.EndsWith('\n') || !Shape().IsMatch(text))
        {
            problem = $"'{text}' is not a next hop; write [host]:port, e.g. [smtp.bank.example]:25";
            return null;
        }

        var portAt = text.LastIndexOf(':');
        var closing = text.LastIndexOf(']');
        var hasPort = portAt > closing && (closing >= 0 || text.IndexOf(':', StringComparison.Ordinal) == portAt);
        var host = hasPort ? text[..portAt] : text;
        host = host.Trim('[', ']');
        var port = 25;
        if (hasPort && (!int.TryParse(text.AsSpan(portAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"the port of '{text}' must be between 1 and 65535";
            return null;
        }

        if (host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _))
        {
            problem = $"'{host}' in '{text}' is neither a host name nor an IP address";
            return null;
        }

        return $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    [GeneratedRegex(TlsPolicyRules.NextHopPattern)]
    private static partial Regex Shape();
}
