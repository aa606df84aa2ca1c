namespace StrictMail.TestSupport.Smtp;

/// <summary>Removes the STARTTLS line from a multi-line 250 reply, keeping it well-formed (the last line is "250 ").</summary>
internal static class EhloReplyRewriter
{
    /// <summary>The reply's lines without STARTTLS, or null when the reply did not offer it.</summary>
    public static List<byte[]>? WithoutStartTls(IReadOnlyList<byte[]> reply)
    {
        var kept = reply.Where(line => !IsStartTlsOffer(SmtpText.Decode(line))).ToList();
        if (kept.Count == reply.Count || kept.Count == 0)
        {
            return null;
        }

        var last = kept[^1] = (byte[])kept[^1].Clone();
        if (last.Length > 3)
        {
            last[3] = (byte)' ';
        }

        return kept;
    }

    /// <summary>True for the last line of a reply: "ddd " or a line shorter than four characters.</summary>
    public static bool IsLastLine(string line) => line.Length < 4 || line[3] != '-';

    private static bool IsStartTlsOffer(string line) =>
        line.Length > 4 && line.StartsWith("250", StringComparison.Ordinal)
        && line[4..].Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase);
}
