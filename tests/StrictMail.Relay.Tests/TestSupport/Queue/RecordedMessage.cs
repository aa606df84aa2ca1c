using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.TestSupport.Queue;

/// <summary>One message a <see cref="RecordingQueue"/> saw: its envelope, the bytes written, in how many writes, and how it ended.</summary>
internal sealed record RecordedMessage(Envelope Envelope, byte[] Bytes, int Writes, string? QueueId)
{
    /// <summary>The bytes as Latin-1 text, for readable assertions.</summary>
    public string Text => System.Text.Encoding.Latin1.GetString(Bytes);
}
