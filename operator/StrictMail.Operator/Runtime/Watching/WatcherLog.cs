using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Runtime.Watching;

/// <summary>The watcher's log messages with stable event ids (5001-5099).</summary>
internal sealed partial class WatcherLog(ILogger logger)
{
    public const int ListedId = 5001;
    public const int StreamEndedId = 5002;
    public const int GoneId = 5003;
    public const int WatchFailedId = 5004;
    public const int WatchdogId = 5005;
    public const int ListFailedId = 5006;
    public const int HandlerFailedId = 5007;

    [LoggerMessage(EventId = ListedId, Level = LogLevel.Information, Message = "Listed {Count} {Resource} in {Scope} at resourceVersion {ResourceVersion}")]
    public partial void Listed(string resource, string scope, int count, string? resourceVersion);

    [LoggerMessage(EventId = StreamEndedId, Level = LogLevel.Debug, Message = "Watch of {Resource} in {Scope} ended; resuming from {ResourceVersion}")]
    public partial void StreamEnded(string resource, string scope, string? resourceVersion);

    [LoggerMessage(EventId = GoneId, Level = LogLevel.Information, Message = "Watch of {Resource} in {Scope} from {ResourceVersion}: 410 Gone; relisting")]
    public partial void Gone(string resource, string scope, string? resourceVersion);

    [LoggerMessage(EventId = WatchFailedId, Level = LogLevel.Warning, Message = "Watch of {Resource} in {Scope} failed; retrying in {Delay}")]
    public partial void WatchFailed(string resource, string scope, Exception? error, TimeSpan delay);

    [LoggerMessage(EventId = WatchdogId, Level = LogLevel.Warning, Message = "Watch of {Resource} in {Scope} was quiet for {Quiet}; reconnecting")]
    public partial void Watchdog(string resource, string scope, TimeSpan quiet);

    [LoggerMessage(EventId = ListFailedId, Level = LogLevel.Warning, Message = "List of {Resource} in {Scope} failed; retrying in {Delay}")]
    public partial void ListFailed(string resource, string scope, Exception error, TimeSpan delay);

    [LoggerMessage(EventId = HandlerFailedId, Level = LogLevel.Error, Message = "Event handler failed for {Key}")]
    public partial void HandlerFailed(string key, Exception error);
}
