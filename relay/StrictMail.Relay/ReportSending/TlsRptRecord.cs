namespace StrictMail.Relay.ReportSending;

/// <summary>
/// The <c>_smtp._tls.&lt;domain&gt;</c> TXT record (RFC 8460 3): records not starting with <c>v=TLSRPTv1</c> are ignored;
/// exactly one must remain, with a <c>rua</c> of comma-separated URIs, of which <c>mailto:</c> and <c>https:</c> are used
/// (others are left out, as the RFC allows). Pure.
/// </summary>
/// <param name="Mailboxes">The mailto: addresses.</param>
/// <param name="Urls">The https: URLs.</param>
internal sealed record TlsRptRecord(IReadOnlyList<string> Mailboxes, IReadOnlyList<Uri> Urls)
{
    /// <summary>At most this many destinations are served: a record cannot make the relay send signed mail to a list.</summary>
    public const int MaxDestinations = 10;

    /// <summary>The record among <paramref name="records"/> (each record's strings concatenated), or null and why (null too when the domain publishes none).</summary>
    public static (TlsRptRecord? Record, string? Problem) Parse(IEnumerable<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var tlsrpt = records.Where(r => r.StartsWith("v=TLSRPTv1", StringComparison.Ordinal) && (r.Length == 10 || r[10] is ';' or ' ' or '\t')).ToList();
        if (tlsrpt.Count == 0)
        {
            return (null, null);
        }

        if (tlsrpt.Count > 1)
        {
            return (null, $"{tlsrpt.Count} v=TLSRPTv1 TXT records (exactly one is allowed)");
        }

        string? rua = null;
        foreach (var field in tlsrpt[0].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && field[..equals].Trim() == "rua" && rua is null)
            {
                rua = field[(equals + 1)..].Trim();
            }
        }

        if (string.IsNullOrEmpty(rua))
        {
            return (null, "the v=TLSRPTv1 TXT record has no rua");
        }

        var mailboxes = new List<string>();
        var urls = new List<Uri>();
        foreach (var item in rua.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && Mailbox(item["mailto:".Length..]) is { } mailbox)
            {
                mailboxes.Add(mailbox);
            }
            else if (Uri.TryCreate(item, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
            {
                urls.Add(url);
            }
        }

        return mailboxes.Count + urls.Count == 0
            ? (null, $"the rua '{rua}' has no usable mailto: or https: URI")
            : (Capped(mailboxes.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), urls.Distinct().ToList()), null);
    }

    private static TlsRptRecord Capped(List<string> mailboxes, List<Uri> urls)
    {
        var keptMailboxes = mailboxes.Take(MaxDestinations).ToList();
        return new TlsRptRecord(keptMailboxes, urls.Take(MaxDestinations - keptMailboxes.Count).ToList());
    }

    // "local@domain", percent-decoded, without a "?query"; null when it is not one plain address MimeKit can send to.
    private static string? Mailbox(string text)
    {
        var query = text.IndexOf('?', StringComparison.Ordinal);
        var address = Uri.UnescapeDataString(query < 0 ? text : text[..query]).Trim();
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Any(c => char.IsWhiteSpace(c) || c is ',' or '<' or '>' or '"' or '(' or ')' || char.IsControl(c))
            && address.IndexOf('@') == at
            && MimeKit.MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address
            ? address
            : null;
    }
}
