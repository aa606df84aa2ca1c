using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Probe;

/// <summary>The MX probe's log messages with stable event ids (5401-5499).</summary>
internal sealed partial class ProbeLog(ILogger logger)
{
    public const int ProbedId = 5401;
    public const int WriteFailedId = 5402;
    public const int RoundFailedId = 5403;

    [LoggerMessage(EventId = ProbedId, Level = LogLevel.Debug, Message = "Probed {Policy}: {Hosts} MX entries, {Failed} with an error")]
    public partial void Probed(string policy, int hosts, int failed);

    [LoggerMessage(EventId = WriteFailedId, Level = LogLevel.Warning, Message = "Could not write the probe result to {Policy}'s status; it is written again after the next probe")]
    public partial void WriteFailed(string policy, Exception error);

    [LoggerMessage(EventId = RoundFailedId, Level = LogLevel.Error, Message = "A probe round failed; the next one runs at the next tick")]
    public partial void RoundFailed(Exception error);
}
