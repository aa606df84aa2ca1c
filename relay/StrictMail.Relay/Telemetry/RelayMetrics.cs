// Trust: metrics leave the process (Prometheus scrape, optional OTLP push), so tags stay
// low-cardinality facts such as policy names and revisions, never recipient addresses.
using System.Diagnostics.Metrics;
using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Telemetry;

/// <summary>
/// Owns the relay's Meter and every instrument on it. Names are a contract with the dashboards
/// and alerts; Prometheus adds "_total" to counters.
/// </summary>
internal sealed class RelayMetrics
{
    /// <summary>The relay's meter name.</summary>
    public const string MeterName = "StrictMail.Relay";

    private readonly Counter<long> _policyReloads;

    public RelayMetrics(IMeterFactory meterFactory, PolicyStore policyStore)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(policyStore);
        var meter = meterFactory.Create(MeterName);
        _policyReloads = meter.CreateCounter<long>(
            "strictmail.relay.policy.reloads",
            description: "Policy file loads by result: success (applied) or failure (refused; the previous revision stays).");
        meter.CreateObservableGauge(
            "strictmail.relay.policy.info",
            () => ObservePolicy(policyStore),
            description: "Always 1 while a policy document is applied; the revision tag is its revision.");
    }

    /// <summary>Counts one load of a new policy file.</summary>
    public void PolicyReloaded(bool success) =>
        _policyReloads.Add(1, new KeyValuePair<string, object?>("result", success ? "success" : "failure"));

    private static IEnumerable<Measurement<int>> ObservePolicy(PolicyStore store) =>
        store.Current is { } snapshot
            ? [new Measurement<int>(1, new KeyValuePair<string, object?>("revision", snapshot.Document.Revision))]
            : [];
}
