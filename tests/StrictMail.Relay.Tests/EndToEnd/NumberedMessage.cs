using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// Test message number n (Message-ID &lt;n@e2e&gt;) and the exact bytes MailKit puts on the wire for it. Sizes vary with n and
/// every tenth message is larger than two of the relay's 64 KiB queue write chunks, so a truncation at a chunk edge shows.
/// </summary>
internal static partial class NumberedMessage
{
    public const string Domain = "e2e";

    private static readonly DateTimeOffset FixedDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The message and its serialization as MailKit sends it (CRLF line ends, 7bit: nothing re-encoded).</summary>
    public static (MimeMessage Message, byte[] Bytes) Create(int number, string from, string to)
    {
        var message = new MimeMessage { MessageId = $"{number}@{Domain}", Date = FixedDate, Subject = $"crash safety {number}" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart(TextFormat.Plain) { Text = Body(number), ContentTransferEncoding = ContentEncoding.SevenBit };
        using var bytes = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        return (message, bytes.ToArray());
    }

    /// <summary>The number in a message's Message-ID header, or null when it is not one of ours.</summary>
    public static int? NumberOf(byte[] data)
    {
        var headers = Encoding.Latin1.GetString(data, 0, HeaderLength(data));
        return MessageIdHeader().Match(headers) is { Success: true } match
            ? int.Parse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The bytes up to and including the blank line that ends the header section (all of it when there is none).</summary>
    public static int HeaderLength(byte[] data)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        return end < 0 ? data.Length : end + 4;
    }

    private static string Body(int number)
    {
        var lines = number % 10 == 0 ? 2_000 : 1 + number % 40;
        var text = new StringBuilder();
        for (var line = 0; line < lines; line++)
        {
            // A line that starts with a dot on both sides of the relay exercises dot-stuffing.
            text.Append(line % 7 == 3 ? "." : "")
                .Append(CultureInfo.InvariantCulture, $"message {number} line {line} ")
                .Append('x', 40 + line % 29)
                .Append("\r\n");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"(?im)^Message-ID:\s*<(?<n>\d+)@e2e>")]
    private static partial Regex MessageIdHeader();
}
