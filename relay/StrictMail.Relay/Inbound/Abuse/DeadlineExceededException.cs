namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>A session deadline passed (a <see cref="TimeoutException"/>, so code that handles the idle timeout handles this too).</summary>
public sealed class DeadlineExceededException : TimeoutException
{
    public DeadlineExceededException()
    {
    }

    public DeadlineExceededException(string message)
        : base(message)
    {
    }

    public DeadlineExceededException(string message, Exception inner)
        : base(message, inner)
    {
    }

    internal DeadlineExceededException(DeadlineKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Which deadline passed.</summary>
    internal DeadlineKind Kind { get; }
}
