using Microsoft.Extensions.Logging;

namespace StrictMail.Relay.ReportSending;

/// <summary>TLS report sending log messages with stable event ids (6101-6199).</summary>
internal static partial class ReportSendingLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "TLS report {ReportId} for {Domain}: {Destination} {Result}")]
    public static partial void Destination(ILogger logger, string reportId, string domain, string destination, string result);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "TLS report {ReportId} for {Domain}: {Destination} failed, retried at {Due:o}: {Reason}")]
    public static partial void Failed(ILogger logger, string reportId, string domain, string destination, DateTimeOffset due, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "TLS report {ReportId} for {Domain}: {Outcome} ({Detail})")]
    public static partial void Finished(ILogger logger, string reportId, string domain, string outcome, string detail);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "TLS report {ReportId} for {Domain}: given up after {Attempts} tries; not sent to {Destinations}")]
    public static partial void Expired(ILogger logger, string reportId, string domain, int attempts, string destinations);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "TLS reporting outbox: {Problem}")]
    public static partial void OutboxProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "TLS reports handed over: {Accepted} new, {Known} already here")]
    public static partial void HandedOver(ILogger logger, int accepted, int known);
}
