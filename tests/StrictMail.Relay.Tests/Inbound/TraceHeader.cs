namespace StrictMail.Relay.Tests.Inbound;

/// <summary>Splits the relay's Received header from the stored message.</summary>
internal static class TraceHeader
{
    /// <summary>The Received header (its first line and its tab-indented continuation lines), CRLFs included.</summary>
    public static string Of(string stored)
    {
        if (!stored.StartsWith("Received: ", StringComparison.Ordinal))
        {
            throw new ArgumentException("The stored message does not start with a Received header.", nameof(stored));
        }

        var end = stored.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        while (stored[end] == '\t')
        {
            end = stored.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }

        return stored[..end];
    }

    /// <summary>The message as the client sent it, without the relay's Received header.</summary>
    public static string Strip(string stored) => stored[Of(stored).Length..];
}
