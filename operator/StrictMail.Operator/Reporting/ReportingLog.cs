using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Reporting;

/// <summary>TLS report collection log messages with stable event ids (5501-5599).</summary>
internal sealed partial class ReportingLog(ILogger logger)
{
    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "TLS reports for {Day}: {Reports} domain report(s) from {Answered} of {Asked} relay(s) handed to {Relay}")]
    public partial void HandedOver(string day, int reports, int answered, int asked, Uri relay);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Information, Message = "TLS reports for {Day}: waiting for {Missing} of {Asked} relay(s): {Problems}")]
    public partial void Waiting(string day, int missing, int asked, string problems);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Warning, Message = "TLS reports for {Day}: reported without {Missing} relay(s) that did not answer within the wait: {Problems}")]
    public partial void Partial(string day, int missing, string problems);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Warning, Message = "TLS reports for {Day}: no relay took the reports, tried again next cycle: {Problem}")]
    public partial void HandOverFailed(string day, string problem);

    [LoggerMessage(EventId = 5505, Level = LogLevel.Information, Message = "TLS reports for {Day}: no relay recorded a TLS session; nothing to report")]
    public partial void NothingToReport(string day);

    [LoggerMessage(EventId = 5506, Level = LogLevel.Error, Message = "A TLS report cycle failed; the next one runs at the next tick")]
    public partial void CycleFailed(Exception error);
}
