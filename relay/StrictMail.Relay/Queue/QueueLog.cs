using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.Queue;

/// <summary>Queue log messages with stable event ids (4001-4099). Never a message body.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Queue recovered: {Incoming} incoming, {Active} back from active, {Deferred} deferred, {Parts} unfinished part files removed")]
    public static partial void Recovered(ILogger logger, int incoming, int active, int deferred, int parts);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Queue file {Id} moved to corrupt and not delivered: {Problem}")]
    public static partial void Corrupt(ILogger logger, string id, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Message {Id} deferred: {Pending} recipients pending, attempt {Attempts}, next at {Next:o}")]
    public static partial void Deferred(ILogger logger, string id, int pending, int attempts, DateTimeOffset next);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Message {Id} finished and removed from the queue")]
    public static partial void Finished(ILogger logger, string id);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Bounce {BounceId} for message {Id} queued to <{Sender}> ({Count} recipients)")]
    public static partial void BounceQueued(ILogger logger, string bounceId, string id, string sender, int count);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Message {Id} from the null sender could not be delivered to {Count} recipients; no bounce is sent for a bounce")]
    public static partial void BounceOfBounceDropped(ILogger logger, string id, int count);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Processing message {Id} failed; it will be retried")]
    public static partial void ProcessingFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "No valid policy document is loaded; message {Id} waits")]
    public static partial void NoPolicy(ILogger logger, string id);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Stopping: letting {Count} deliveries in flight finish (at most {Timeout})")]
    public static partial void Draining(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "Delivery to {Domain} for message {Id} failed unexpectedly; its {Count} recipients are retried, the others keep their results")]
    public static partial void DomainFailed(ILogger logger, string id, string domain, int count, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "The delivery state of message {Id} could not be saved; it keeps its previous state and some recipients may get a second copy")]
    public static partial void StateNotSaved(ILogger logger, string id, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Message {Id} could not be moved to {Directory}; it is retried from where it is")]
    public static partial void MoveFailed(ILogger logger, string id, string directory, Exception exception);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Removed {Count} damaged messages from corrupt/ (it keeps at most {Limit}, none older than {Retention})")]
    public static partial void CorruptPruned(ILogger logger, int count, int limit, TimeSpan retention);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Error, Message = "The bounce for message {Id} could not be built with the original headers; it is sent without them")]
    public static partial void BounceWithoutHeaders(ILogger logger, string id, Exception exception);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Error, Message = "The bounce for message {Id} ({Count} recipients) could not be queued; they stay pending and are bounced at the next attempt")]
    public static partial void BounceNotQueued(ILogger logger, string id, int count, Exception exception);
}
