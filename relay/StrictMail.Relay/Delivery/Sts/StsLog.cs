using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>MTA-STS log messages with stable event ids (2020-2029).</summary>
internal static partial class StsLog
{
    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "MTA-STS: the background refresh of cached policies failed (the next round tries again): {Reason}")]
    public static partial void RefreshFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Error, Message = "MTA-STS: the policy cache cannot be read ({Reason}): it starts without what it could not read, and those policies are fetched again")]
    public static partial void CacheUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "MTA-STS: the policy cache could not be saved (kept in memory; the next change tries again): {Reason}")]
    public static partial void CacheSaveFailed(ILogger logger, string reason);
}
