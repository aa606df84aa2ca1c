using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Runtime.Events;

/// <summary>The event recorder's log messages with stable event ids (5201-5299).</summary>
internal sealed partial class EventRecorderLog(ILogger logger)
{
    public const int RecordFailedId = 5201;
    public const int RecreatedId = 5202;

    [LoggerMessage(EventId = RecordFailedId, Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Kind} {Namespace}/{Name}")]
    public partial void RecordFailed(string reason, string? kind, string? @namespace, string? name, Exception error);

    [LoggerMessage(EventId = RecreatedId, Level = LogLevel.Debug, Message = "Event {EventName} to aggregate into is gone; creating a new one")]
    public partial void Recreated(string eventName);
}
