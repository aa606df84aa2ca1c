namespace StrictMail.Relay.Policy;

/// <summary>Log messages of policy loading; event ids 1000-1099 are stable.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 1001, EventName = "PolicyApplied", Level = LogLevel.Information,
        Message = "Applied policy revision {Revision} from {PolicyFile} (policies: {PolicyCount}).")]
    public static partial void PolicyApplied(ILogger logger, string revision, string policyFile, int policyCount);

    [LoggerMessage(EventId = 1002, EventName = "PolicyRejected", Level = LogLevel.Error,
        Message = "Policy file {PolicyFile} was not applied: {Problem} The relay keeps serving revision {Revision}.")]
    public static partial void PolicyRejected(ILogger logger, string policyFile, string problem, string revision);

    [LoggerMessage(EventId = 1003, EventName = "PolicyWatchUnavailable", Level = LogLevel.Warning,
        Message = "Cannot watch directory {Directory} for changes ({Reason}); relying on polling every {PollInterval}.")]
    public static partial void WatchUnavailable(ILogger logger, string directory, string reason, TimeSpan pollInterval);

    [LoggerMessage(EventId = 1004, EventName = "PolicyWatchError", Level = LogLevel.Debug,
        Message = "The file system watcher on {Directory} reported an error; re-reading the policy file.")]
    public static partial void WatchError(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 1005, EventName = "PolicyReloadFailed", Level = LogLevel.Error,
        Message = "Unexpected failure while reloading policy file {PolicyFile}; the relay keeps serving revision {Revision}.")]
    public static partial void ReloadFailed(ILogger logger, string policyFile, string revision, Exception exception);
}
