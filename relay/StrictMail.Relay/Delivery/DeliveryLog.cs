using Microsoft.Extensions.Logging;
using StrictMail.Policy.Model;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Delivery;

/// <summary>Delivery log messages with stable event ids (2001-2099). Never a message body.</summary>
internal static partial class DeliveryLog
{
    /// <summary>One recipient's result; the detail quotes the remote server, so it is escaped.</summary>
    public static void Result(ILogger logger, string recipient, string policy, string level, DeliveryStatus status, string protocol, string detail) =>
        LogResult(logger, LogText.Escape(recipient)!, policy, level, status, protocol, LogText.Escape(detail)!);

    /// <summary>A session that fell short of its policy; where and why come from DNS and the remote server, so they are escaped.</summary>
    public static void Downgrade(ILogger logger, string resultType, string action, string policy, string where, string detail) =>
        LogDowngrade(logger, resultType, action, policy, LogText.Escape(where)!, LogText.Escape(detail)!);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "to=<{Recipient}> policy={Policy} level={Level} status={Status} tls={Protocol}: {Detail}")]
    private static partial void LogResult(ILogger logger, string recipient, string policy, string level, DeliveryStatus status, string protocol, string detail);

    /// <summary>What DANE decided for an MX host (only where it applies); the detail quotes DNS, so it is escaped.</summary>
    public static void Dane(ILogger logger, string host, string policy, string outcome, string detail) =>
        LogDane(logger, LogText.Escape(host)!, policy, outcome, LogText.Escape(detail)!);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "DANE for {Host} under policy {Policy}: {Outcome}: {Detail}")]
    private static partial void LogDane(ILogger logger, string host, string policy, string outcome, string detail);

    /// <summary>What the recipient's MTA-STS policy asked of an MX host; the id, host and detail come from DNS and HTTPS, so they are escaped.</summary>
    public static void Sts(ILogger logger, string host, string policy, string policyId, string mode, string pattern, string detail) =>
        LogSts(logger, LogText.Escape(host)!, policy, LogText.Escape(policyId)!, mode, LogText.Escape(pattern)!, LogText.Escape(detail)!);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "MTA-STS for {Host} under policy {Policy}: policy id {PolicyId} mode {Mode}, matched pattern {Pattern}: {Detail}")]
    private static partial void LogSts(ILogger logger, string host, string policy, string policyId, string mode, string pattern, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Downgrade attempt {ResultType} {Action} under policy {Policy} at {Where}: {Detail}")]
    private static partial void LogDowngrade(ILogger logger, string resultType, string action, string policy, string where, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "STARTTLS continuity could not be saved to {Path} (kept in memory; the next change tries again): {Reason}")]
    public static partial void ContinuitySaveFailed(ILogger logger, string path, string reason, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "STARTTLS continuity history {Path} cannot be read ({Reason}): it starts empty, and hosts that offered STARTTLS before are not remembered until they offer it again")]
    public static partial void ContinuityUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "DNSSEC: a trusted resolver does not validate: {Detail}")]
    public static partial void DnssecNotValidating(ILogger logger, string detail);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "DNSSEC: the trusted resolvers validate: {Detail}")]
    public static partial void DnssecValidating(ILogger logger, string detail);
}
