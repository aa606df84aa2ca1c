using Microsoft.Extensions.Logging;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery;

/// <summary>Delivery log messages with stable event ids (2001-2099). Never a message body.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "to=<{Recipient}> policy={Policy} level={Level} status={Status} tls={Protocol}: {Detail}")]
    public static partial void Result(ILogger logger, string recipient, string policy, TlsLevel level, DeliveryStatus status, string protocol, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Downgrade attempt {ResultType} {Action} under policy {Policy} at {Where}: {Detail}")]
    public static partial void Downgrade(ILogger logger, string resultType, string action, string policy, string where, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "STARTTLS continuity could not be saved to {Path} (kept in memory; the next change tries again): {Reason}")]
    public static partial void ContinuitySaveFailed(ILogger logger, string path, string reason, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "STARTTLS continuity history {Path} cannot be read ({Reason}): it starts empty, and hosts that offered STARTTLS before are not remembered until they offer it again")]
    public static partial void ContinuityUnreadable(ILogger logger, string path, string reason);
}
