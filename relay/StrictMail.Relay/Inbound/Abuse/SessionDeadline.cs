using System.Diagnostics;

namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>A point on the monotonic clock (so a wall-clock jump moves no deadline) by which something must have happened.</summary>
internal readonly record struct SessionDeadline(DeadlineKind Kind, long Timestamp)
{
    /// <summary>The deadline <paramref name="after"/> from <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static SessionDeadline At(DeadlineKind kind, long start, TimeSpan after) =>
        new(kind, start + (long)Math.Min(after.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4));

    /// <summary>The deadline <paramref name="after"/> from now.</summary>
    public static SessionDeadline FromNow(DeadlineKind kind, TimeSpan after) => At(kind, Stopwatch.GetTimestamp(), after);

    /// <summary>The time left; zero or less once it passed.</summary>
    public TimeSpan Remaining() => TimeSpan.FromSeconds((Timestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>The exception that reports this deadline passed.</summary>
    public DeadlineExceededException Exceeded() => new(Kind, Kind switch
    {
        DeadlineKind.Command => "The client did not finish a command line within Relay:Inbound:CommandTimeout.",
        DeadlineKind.Data => "The client did not finish the message within Relay:Inbound:DataTimeout plus its size at Relay:Inbound:MinDataRate.",
        _ => "The TLS handshake did not finish within Relay:Inbound:TlsHandshakeTimeout.",
    });
}
