using System.Text;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>One SMTP reply: a code and one or more text lines (each line of <paramref name="Lines"/> becomes "code-text", the last "code text").</summary>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string text)
        : this(code, [text])
    {
    }

    /// <summary>True for a permanent failure (5xx), which counts toward the session's error limit.</summary>
    public bool IsPermanentError => Code >= 500;

    /// <summary>The reply as sent on the wire, every line CRLF-terminated.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            text.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-').Append(Lines[i]).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public override string ToString() => $"{Code} {string.Join(" / ", Lines)}";
}
