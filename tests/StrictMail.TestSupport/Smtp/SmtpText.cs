using System.Text;

namespace StrictMail.TestSupport.Smtp;

/// <summary>SMTP lines as text: commands and replies are ASCII; anything else is read as Latin-1 so no byte is lost.</summary>
internal static class SmtpText
{
    /// <summary>The line without its CRLF (or bare LF) terminator.</summary>
    public static string Decode(ReadOnlySpan<byte> line) => Encoding.Latin1.GetString(line).TrimEnd('\r', '\n');

    /// <summary>The line with a CRLF terminator.</summary>
    public static byte[] Encode(string line) => Encoding.Latin1.GetBytes(line + "\r\n");

    /// <summary>True when <paramref name="line"/> is the command <paramref name="verb"/> (case-insensitive), with or without arguments.</summary>
    public static bool IsCommand(string line, string verb) =>
        line.StartsWith(verb, StringComparison.OrdinalIgnoreCase)
        && (line.Length == verb.Length || line[verb.Length] == ' ');
}
