using System.Diagnostics.Metrics;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>
/// Reads the certificate expiry gauge of operator instances that own their meter (as the harness
/// builds them); other tests' instances are observed too, so callers pick their series by policy.
/// </summary>
internal sealed class ExpiryGaugeListener : IDisposable
{
    public const string Instrument = "strictmail.operator.probe.certificate_expiry";

    private readonly MeterListener _listener = new();
    private readonly List<(string Policy, string Mx, double Seconds)> _observed = [];

    public ExpiryGaugeListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == Instrument && instrument.Meter.Name == OperatorMetrics.MeterName && instrument.Meter.Scope is null)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? policy = null;
            string? mx = null;
            foreach (var tag in tags)
            {
                policy = tag.Key == "policy" ? tag.Value as string : policy;
                mx = tag.Key == "mx" ? tag.Value as string : mx;
            }

            lock (_observed)
            {
                _observed.Add((policy ?? string.Empty, mx ?? string.Empty, value));
            }
        });
        _listener.Start();
    }

    /// <summary>The series of <paramref name="policy"/> now: mx host and seconds left.</summary>
    public IReadOnlyList<(string Mx, double Seconds)> Observe(string policy)
    {
        lock (_observed)
        {
            _observed.Clear();
        }

        _listener.RecordObservableInstruments();
        lock (_observed)
        {
            return [.. _observed.Where(o => o.Policy == policy).Select(o => (o.Mx, o.Seconds))];
        }
    }

    public void Dispose() => _listener.Dispose();
}
