// Trust: metrics leave the process (Prometheus scrape, optional OTLP push), so tags stay
// low-cardinality: controller names, results, policy states, and for probed certificates the policy
// name and MX host (a few per mandatory policy), never policy specs or recipient addresses.
using System.Diagnostics.Metrics;

namespace StrictMail.Operator.Telemetry;

/// <summary>
/// Owns the operator's Meter and its instruments. Names are a contract with the dashboards and
/// alerts; Prometheus adds "_total" to counters and the unit to names ("_seconds").
/// </summary>
internal sealed class OperatorMetrics : IDisposable
{
    /// <summary>The operator's meter name.</summary>
    public const string MeterName = "StrictMail.Operator";

    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] LagBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

    private readonly Meter _meter;
    private readonly Counter<long> _reconciliations;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _applyLag;
    private volatile PolicyCounts _policies = new(0, 0, 0);
    private volatile IReadOnlyList<ProbedCertificate> _certificates = [];

    public OperatorMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reconciliations = _meter.CreateCounter<long>(
            "strictmail.operator.reconciliations",
            unit: "{reconciliation}",
            description: "Reconciliations by controller and result: success, requeue (waiting for relays) or error (retried with backoff).");
        _duration = _meter.CreateHistogram(
            "strictmail.operator.reconcile.duration",
            unit: "s",
            description: "Time one reconciliation took, by controller.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _applyLag = _meter.CreateHistogram(
            "strictmail.operator.apply_lag",
            unit: "s",
            description: "Time from the operator seeing a policy's new generation to every ready relay running a document with it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _meter.CreateObservableGauge(
            "strictmail.operator.policies",
            ObservePolicies,
            unit: "{policy}",
            description: "TlsPolicies in the last compiled set by state: accepted, invalid, conflict (accepted, but some domain belongs to an older policy).");
        _meter.CreateObservableGauge(
            "strictmail.operator.probe.certificate_expiry",
            ObserveCertificates,
            unit: "s",
            description: "Seconds until the certificate of a probed MX host of a mandatory policy expires (negative once expired), by policy and mx.");
    }

    /// <summary>Counts one reconciliation and its duration.</summary>
    public void Reconciled(string controller, string result, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("controller", controller);
        _reconciliations.Add(1, tag, new KeyValuePair<string, object?>("result", result));
        _duration.Record(elapsed.TotalSeconds, tag);
    }

    /// <summary>Records how long a policy generation took to reach every relay.</summary>
    public void Applied(TimeSpan lag) => _applyLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>Sets the policy counts the gauge reports.</summary>
    public void Policies(int accepted, int invalid, int conflict) => _policies = new PolicyCounts(accepted, invalid, conflict);

    /// <summary>Replaces the probed certificates the expiry gauge reports (policies no longer probed drop out).</summary>
    public void Certificates(IReadOnlyList<ProbedCertificate> certificates) => _certificates = certificates;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObservePolicies()
    {
        var counts = _policies;
        yield return new Measurement<int>(counts.Accepted, new KeyValuePair<string, object?>("state", "accepted"));
        yield return new Measurement<int>(counts.Invalid, new KeyValuePair<string, object?>("state", "invalid"));
        yield return new Measurement<int>(counts.Conflict, new KeyValuePair<string, object?>("state", "conflict"));
    }

    private IEnumerable<Measurement<double>> ObserveCertificates()
    {
        var now = DateTime.UtcNow;
        foreach (var certificate in _certificates)
        {
            yield return new Measurement<double>(
                (certificate.NotAfter - now).TotalSeconds,
                new KeyValuePair<string, object?>("policy", certificate.Policy),
                new KeyValuePair<string, object?>("mx", certificate.Mx));
        }
    }

    private sealed record PolicyCounts(int Accepted, int Invalid, int Conflict);
}
