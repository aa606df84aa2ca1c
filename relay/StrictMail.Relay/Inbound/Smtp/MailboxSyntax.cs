namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// The RFC 5321 4.1.2 mailbox grammar (ASCII only: SMTPUTF8 is not offered) and 4.5.3.1 length limits. Pure.
/// </summary>
internal static class MailboxSyntax
{
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 255;
    private const int MaxLabel = 63;

    /// <summary>True when <paramref name="mailbox"/> is Local-part "@" (Domain / address-literal) within the length limits.</summary>
    public static bool IsMailbox(string mailbox)
    {
        var at = mailbox.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var local = mailbox.AsSpan(0, at);
        var domain = mailbox.AsSpan(at + 1);
        return local.Length <= MaxLocalPart
            && (IsDotString(local) || IsQuotedString(local))
            && (IsDomain(domain) || IsAddressLiteral(domain));
    }

    /// <summary>True for a domain: dot-separated labels of letters, digits and inner hyphens.</summary>
    public static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || domain.Length > MaxDomain)
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > MaxLabel || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True for "[...]" holding printable ASCII other than brackets and backslash (IPv4, IPv6: or a general literal).</summary>
    public static bool IsAddressLiteral(ReadOnlySpan<char> domain)
    {
        if (domain.Length < 3 || domain[0] != '[' || domain[^1] != ']')
        {
            return false;
        }

        foreach (var c in domain[1..^1])
        {
            if (c is < '!' or > '~' or '[' or ']' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDotString(ReadOnlySpan<char> local)
    {
        if (local.IsEmpty || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (c != '.' && !char.IsAsciiLetterOrDigit(c) && !AtextSymbols.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsQuotedString(ReadOnlySpan<char> local)
    {
        if (local.Length < 2 || local[0] != '"' || local[^1] != '"')
        {
            return false;
        }

        var content = local[1..^1];
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '\\')
            {
                if (++i >= content.Length || content[i] is < ' ' or > '~')
                {
                    return false;
                }
            }
            else if (c is < ' ' or > '~' or '"')
            {
                return false;
            }
        }

        return true;
    }
}
