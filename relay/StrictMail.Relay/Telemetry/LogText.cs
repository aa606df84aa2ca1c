using System.Globalization;
using System.Text;

namespace StrictMail.Relay.Telemetry;

/// <summary>
/// Makes text that a remote party chose (an MX's reply, a certificate's names, an exception that
/// quotes either) safe to put in a log line or a span: control characters, DEL, C1 controls, the
/// Unicode line and paragraph separators and the backslash become visible escapes, so a reply can
/// never start a forged line of its own. Pure.
/// </summary>
internal static class LogText
{
    /// <summary>The text with every character that could end or fake a line escaped; null stays null.</summary>
    public static string? Escape(string? text)
    {
        if (text is null || !text.AsSpan().ContainsAny(Unsafe))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '\r' => escaped.Append(@"\r"),
                '\n' => escaped.Append(@"\n"),
                '\t' => escaped.Append(@"\t"),
                _ when IsUnsafe(c) => escaped.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(i => (char)i), '\\', (char)0x7F, .. Enumerable.Range(0x80, 0x20).Select(i => (char)i), '\u2028', '\u2029']);

    private static bool IsUnsafe(char c) => c < 0x20 || c is (char)0x7F or '\u2028' or '\u2029' || (c >= 0x80 && c < 0xA0);
}
