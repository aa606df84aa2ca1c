using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>The controller host's log lines, with stable event ids (5301-5399).</summary>
internal sealed partial class ControllerLog(ILogger logger)
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Reconciling {Key} failed; retrying in {Delay}")]
    public partial void ReconcileFailed(string key, Exception error, TimeSpan delay);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Leading: reconciling all {Count} objects")]
    public partial void Leading(int count);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "No longer leading: reconciling nothing until leadership returns")]
    public partial void NotLeading();

    [LoggerMessage(EventId = 5304, Level = LogLevel.Debug, Message = "Resync: queued {Count} objects")]
    public partial void Resync(int count);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Debug, Message = "Reconciled {Key} in {Elapsed}; requeue after {RequeueAfter}")]
    public partial void Reconciled(string key, TimeSpan elapsed, TimeSpan? requeueAfter);
}
