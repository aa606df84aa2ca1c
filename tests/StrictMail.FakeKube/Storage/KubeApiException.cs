namespace StrictMail.FakeKube.Storage;

/// <summary>A request the API server refuses; the handler turns it into a Status object.</summary>
internal sealed class KubeApiException : Exception
{
    public KubeApiException(int code, string reason, string message, string? name = null, string? group = null, string? kind = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
    }

    public KubeApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public KubeApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The machine-readable reason, e.g. NotFound, AlreadyExists, Conflict, Expired.</summary>
    public string Reason { get; }

    public string? Name { get; }

    public string? Group { get; }

    public string? Kind { get; }
}
