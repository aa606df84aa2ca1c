// Trust: metrics leave the process (Prometheus scrape, optional OTLP push), so tags stay
// low-cardinality facts such as policy names and revisions, never recipient addresses.
using System.Diagnostics.Metrics;

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
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _downgrades;
    private readonly Counter<long> _requireTls;
    private readonly Counter<long> _tlsReports;
    private readonly Counter<long> _received;
    private readonly Counter<long> _bounces;
    private readonly Counter<long> _inboundRefusals;
    private readonly Histogram<double> _deliveryDuration;

    // Observed rather than added, so the series exists (at 0) from the start and an alert can tell "no failures" from "no relay".
    private long _continuitySaveFailures;

    /// <summary>Bucket boundaries of the delivery duration, in seconds: a local hop takes milliseconds, a slow MX a minute.</summary>
    public static readonly IReadOnlyList<double> DeliveryDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public RelayMetrics(IMeterFactory meterFactory, IPolicyGauges policyStore, IQueueGauges census, TimeProvider clock, IDnssecGauges? dnssec = null)
    {
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(policyStore);
        var meter = meterFactory.Create(MeterName);
        _policyReloads = meter.CreateCounter<long>(
            "strictmail.relay.policy.reloads",
            description: "Policy file loads by result: success (applied) or failure (refused; the previous revision stays).");
        _deliveries = meter.CreateCounter<long>(
            "strictmail.relay.deliveries",
            unit: "{recipient}",
            description: "Delivery results per recipient, by policy, level, outcome (delivered, deferred, bounced) and TLS protocol (TLSv1.3, TLSv1.2, none).");
        _downgrades = meter.CreateCounter<long>(
            "strictmail.relay.downgrade.attempts",
            unit: "{attempt}",
            description: "Sessions that fell short of the policy (RFC 8460 result_type), and whether the relay blocked them or let them through (Testing mode, Opportunistic).");
        _requireTls = meter.CreateCounter<long>(
            "strictmail.relay.requiretls",
            unit: "{delivery}",
            description: "Deliveries of messages whose sender spoke about TLS (RFC 8689): kind requiretls (result delivered, deferred, bounced) or tls_required_no (result honored, ignored).");
        _tlsReports = meter.CreateCounter<long>(
            "strictmail.relay.tlsrpt.reports",
            unit: "{report}",
            description: "TLS reports (RFC 8460) this relay sent, by method (mailto, https, none) and result (queued, sent, failed, expired, no-record, invalid-record).");
        _received = meter.CreateCounter<long>(
            "strictmail.relay.messages.received",
            unit: "{message}",
            description: "Messages accepted from clients and queued durably (answered 250), by whether they came in over TLS.");
        _bounces = meter.CreateCounter<long>(
            "strictmail.relay.bounces",
            unit: "{recipient}",
            description: "Recipients returned to the sender with a delivery status notification, by policy and reason (rejected, policy, expired, unroutable).");
        _inboundRefusals = meter.CreateCounter<long>(
            "strictmail.relay.inbound.refusals",
            unit: "{event}",
            description: "Inbound sessions and attempts refused to protect the relay, by reason: auth_failed, auth_busy, connection_limit, client_connection_limit, idle_timeout, command_timeout, data_timeout, tls_handshake_timeout, too_many_errors, junk_commands.");
        _deliveryDuration = meter.CreateHistogram(
            "strictmail.relay.delivery.duration",
            unit: "s",
            description: "Time one delivery of a message to one domain took (routing, session, transaction), by policy and overall outcome (delivered, deferred, bounced).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryDurationBuckets });
        meter.CreateObservableCounter(
            "strictmail.relay.continuity.save_failures",
            () => Interlocked.Read(ref _continuitySaveFailures),
            unit: "{failure}",
            description: "Saves of the STARTTLS continuity file that failed (read-only or full volume); the sightings stay in memory and the next change tries again.");
        meter.CreateObservableGauge(
            "strictmail.relay.queue.messages",
            () => census.CountsByState().Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key))),
            unit: "{message}",
            description: "Messages in the queue by state: incoming (accepted), active (being delivered), deferred (waiting to retry), corrupt (damaged, never delivered).");
        meter.CreateObservableGauge(
            "strictmail.relay.queue.oldest_age",
            () => census.OldestPending() is { } oldest ? [new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds))] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Age of the oldest message still waiting for delivery; 0 series when the queue is empty.");
        meter.CreateObservableGauge(
            "strictmail.relay.policy.info",
            () => ObservePolicy(policyStore),
            description: "Always 1 while a policy document is applied; the revision tag is its revision.");
        dnssec ??= NoGauges.Instance;
        meter.CreateObservableGauge(
            "strictmail.relay.dnssec.resolver_validating",
            () => dnssec.ResolverValidating is { } validating ? [new Measurement<int>(validating)] : Array.Empty<Measurement<int>>(),
            description: "1 while every trusted resolver (Relay:Delivery:DnssecResolvers) authenticates the check name, 0 when one does not (then no domain counts as DNSSEC-signed); no series when none is configured.");
    }

    /// <summary>Counts one load of a new policy file.</summary>
    public void PolicyReloaded(bool success) =>
        _policyReloads.Add(1, new KeyValuePair<string, object?>("result", success ? "success" : "failure"));

    /// <summary>Counts one recipient's delivery result.</summary>
    public void Delivery(string policy, string level, string outcome, string tlsProtocol) =>
        _deliveries.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("level", level),
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("tls.protocol", tlsProtocol));

    /// <summary>Counts one session that fell short of its policy.</summary>
    public void DowngradeAttempt(string policy, string resultType, bool blocked) =>
        _downgrades.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("result_type", resultType),
            new KeyValuePair<string, object?>("action", blocked ? "blocked" : "allowed"));

    /// <summary>Counts one delivery of a REQUIRETLS message (its outcome) or of a message with "TLS-Required: No" (honoured or not).</summary>
    public void TlsReport(string method, string result) =>
        _tlsReports.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("result", result));

    public void RequireTls(string policy, string kind, string result) =>
        _requireTls.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("result", result));

    /// <summary>Records how long one delivery took.</summary>
    public void DeliveryDuration(string policy, string outcome, TimeSpan elapsed) =>
        _deliveryDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("policy", policy),
            new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one message accepted and queued.</summary>
    public void MessageReceived(bool overTls) =>
        _received.Add(1, new KeyValuePair<string, object?>("tls", overTls ? "true" : "false"));

    /// <summary>Counts one inbound refusal (a 421 that ends a session, a 454 or 535 to AUTH) by <paramref name="reason"/>.</summary>
    public void InboundRefused(string reason) =>
        _inboundRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts one failed save of the STARTTLS continuity file.</summary>
    public void ContinuitySaveFailed() => Interlocked.Increment(ref _continuitySaveFailures);

    /// <summary>Counts one recipient bounced to the sender.</summary>
    public void Bounce(string policy, string reason) =>
        _bounces.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("reason", reason));

    private static IEnumerable<Measurement<int>> ObservePolicy(IPolicyGauges store) =>
        store.AppliedRevision is { } revision
            ? [new Measurement<int>(1, new KeyValuePair<string, object?>("revision", revision))]
            : [];
}
