using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.Reporting;

/// <summary>TLS reporting log messages with stable event ids (6001-6099).</summary>
internal static partial class ReportingLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "TLS reporting: the day's results could not be saved (kept in memory; the next flush tries again): {Reason}")]
    public static partial void SaveFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "TLS reporting: a day's results cannot be read ({Reason}): that day starts empty")]
    public static partial void Unreadable(ILogger logger, string reason);
}
