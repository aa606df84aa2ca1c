namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>
/// Tests that start a relay host run one at a time: OpenTelemetry listens to meters by name across
/// the process, so two live hosts would see each other's metrics; the tests that set STRICTMAIL_
/// environment variables belong here too, and so do the delivery tests, whose RelayMetrics use the
/// same meter name that a live host exports.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RelayHostGroup
{
    public const string Name = "relay host";
}
