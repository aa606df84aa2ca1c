namespace StrictMail.Operator.Tests.Telemetry;

/// <summary>
/// Tests that export the StrictMail.Operator meter through OpenTelemetry: the exporter listens to
/// every meter of that name in the process, so these run alone, not beside tests whose operators
/// record the same instruments.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OperatorMeterGroup
{
    public const string Name = "operator meter";
}
