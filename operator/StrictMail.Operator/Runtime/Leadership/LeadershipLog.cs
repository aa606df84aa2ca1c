using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Runtime.Leadership;

/// <summary>The leader election's log messages with stable event ids (5101-5199).</summary>
internal sealed partial class LeadershipLog(ILogger logger)
{
    public const int AcquiredId = 5101;
    public const int LostId = 5102;
    public const int ReleasedId = 5103;
    public const int AcquireFailedId = 5104;
    public const int RenewFailedId = 5105;
    public const int ReleaseFailedId = 5106;
    public const int SteppingDownId = 5107;

    [LoggerMessage(EventId = AcquiredId, Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Name}")]
    public partial void Acquired(string identity, string @namespace, string name);

    [LoggerMessage(EventId = LostId, Level = LogLevel.Warning, Message = "{Identity} lost leadership of lease {Namespace}/{Name}: not renewed for {Elapsed}")]
    public partial void Lost(string identity, string @namespace, string name, TimeSpan elapsed);

    [LoggerMessage(EventId = SteppingDownId, Level = LogLevel.Information, Message = "{Identity} is stopping and steps down as leader of lease {Namespace}/{Name}")]
    public partial void SteppingDown(string identity, string @namespace, string name);

    [LoggerMessage(EventId = ReleasedId, Level = LogLevel.Information, Message = "{Identity} released lease {Namespace}/{Name}")]
    public partial void Released(string identity, string @namespace, string name);

    [LoggerMessage(EventId = AcquireFailedId, Level = LogLevel.Debug, Message = "{Identity} could not acquire lease {Namespace}/{Name}")]
    public partial void AcquireFailed(string identity, string @namespace, string name, Exception error);

    [LoggerMessage(EventId = RenewFailedId, Level = LogLevel.Warning, Message = "{Identity} failed to renew lease {Namespace}/{Name}")]
    public partial void RenewFailed(string identity, string @namespace, string name, Exception error);

    [LoggerMessage(EventId = ReleaseFailedId, Level = LogLevel.Warning, Message = "{Identity} failed to release lease {Namespace}/{Name}")]
    public partial void ReleaseFailed(string identity, string @namespace, string name, Exception error);
}
