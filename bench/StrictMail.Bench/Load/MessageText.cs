using System.Globalization;
using System.Text;

namespace StrictMail.Bench.Load;

/// <summary>A message of about <c>size</c> bytes whose Message-Id is its benchmark id, already dot-stuffed and terminated.</summary>
internal static class MessageText
{
    public const string Recipient = "user@sink.test";
    public const string Sender = "load@load.test";

    public static byte[] Build(string id, int size)
    {
        var text = new StringBuilder(size + 256);
        text.Append(CultureInfo.InvariantCulture, $"From: <{Sender}>\r\nTo: <{Recipient}>\r\nSubject: bench {id}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:ddd, dd MMM yyyy HH:mm:ss} +0000\r\nMessage-Id: <{id}>\r\n\r\n");
        var line = new string('x', 76) + "\r\n";
        while (text.Length + line.Length <= size)
        {
            text.Append(line);
        }

        text.Append(".\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
