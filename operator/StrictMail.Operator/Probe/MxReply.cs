namespace StrictMail.Operator.Probe;

/// <summary>One SMTP reply: its code and the text of each line (without code and separator).</summary>
/// <param name="Code">The three-digit reply code.</param>
/// <param name="Lines">The text of every line, first to last.</param>
internal sealed record MxReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The reply as the server wrote its first line, printable ASCII only and short, for error texts.</summary>
    public string Describe()
    {
        var text = Lines.Count > 0 ? Lines[0] : string.Empty;
        return $"{Code} {Printable(text)}".TrimEnd();
    }

    /// <summary>At most 120 characters of <paramref name="text"/>, anything but printable ASCII as '?'.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new string([.. text.Take(120).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
    }
}
